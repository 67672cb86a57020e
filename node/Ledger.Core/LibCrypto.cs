using System.Runtime.InteropServices;

namespace Ledger.Core;

/// <summary>
/// The OpenSSL library the direct crypto paths (<see cref="Sha256"/>, <c>Identity.OpenSslP256</c>)
/// bind to: Linux only, and not where <c>DOTNET_OPENSSL_VERSION_OVERRIDE</c> is set, because .NET may
/// then load another OpenSSL than the one found here by name. Loaded once; it stays loaded for the
/// process (.NET's own cryptography holds it too).
/// </summary>
internal static class LibCrypto
{
    private static readonly (nint Handle, string Name)? Loaded = Load();

    /// <summary>
    /// Whether OpenSSL's default properties ask for FIPS providers. The direct paths call functions
    /// below the provider layer, so they are off where FIPS is asked for.
    /// </summary>
    public static unsafe bool IsFipsEnabled
    {
        get
        {
            if (Loaded is not { } loaded || !NativeLibrary.TryGetExport(loaded.Handle, "EVP_default_properties_is_fips_enabled", out var function))
            {
                return false;
            }

            return ((delegate* unmanaged<nint, int>)function)(0) == 1;
        }
    }

    /// <summary>The library's handle and file name, or false when the direct paths must not be used.</summary>
    public static bool TryGet(out nint handle, out string name)
    {
        (handle, name) = Loaded ?? (0, string.Empty);
        return Loaded is not null;
    }

    private static (nint, string)? Load()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("DOTNET_OPENSSL_VERSION_OVERRIDE") is not null)
        {
            return null;
        }

        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return (handle, name);
            }
        }

        return null;
    }
}
