using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ledger.Core;

/// <summary>
/// SHA-256 for the ledger's many small inputs (state tree branches and leaves, transaction ids,
/// Merkle nodes). <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through
/// OpenSSL 3's provider layer, which costs about 1 µs a call whatever the input (a digest fetch, a
/// context allocated and freed, the error queue cleared), ten times the hashing of 64 bytes. Where
/// the OpenSSL that .NET itself uses exports the plain <c>SHA256_Init/Update/Final</c> functions
/// (Linux, OpenSSL 1.1 and 3), they are called directly on a context on the stack; elsewhere, or if
/// they do not give the known answers at start-up, <see cref="SHA256"/> is used. Both are SHA-256:
/// the choice changes the speed, never a digest. The plain functions bypass OpenSSL's providers, so
/// a deployment that must hash through a FIPS provider should not run this build as it is.
/// Thread-safe.
/// </summary>
public static unsafe class Sha256
{
    /// <summary>OpenSSL's SHA256_CTX is 112 bytes; room to spare.</summary>
    private const int ContextSize = 256;

    private static readonly delegate* unmanaged<byte*, int> InitFn;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> UpdateFn;
    private static readonly delegate* unmanaged<byte*, byte*, int> FinalFn;

#pragma warning disable CA1810 // the native functions are bound and self-tested once, in order
    static Sha256()
#pragma warning restore CA1810
    {
        Implementation = "System.Security.Cryptography.SHA256";
        if (!TryBind(out var library, out var init, out var update, out var final))
        {
            return;
        }

        InitFn = init;
        UpdateFn = update;
        FinalFn = final;
        bool passes;
        try
        {
            passes = PassesKnownAnswers();
        }
#pragma warning disable CA1031 // any failure of the check leaves the direct functions off: .NET's SHA256 is used
        catch (Exception)
#pragma warning restore CA1031
        {
            passes = false;
        }

        if (passes)
        {
            Implementation = $"OpenSSL SHA256_Init/Update/Final ({library})";
        }
        else
        {
            InitFn = null;
            UpdateFn = null;
            FinalFn = null;
        }
    }

    /// <summary>Which implementation this process uses (for start-up logs and tests).</summary>
    public static string Implementation { get; }

    /// <summary>Whether the direct OpenSSL functions are in use.</summary>
    public static bool IsNative => InitFn != null;

    /// <summary>SHA-256 of <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => Hash(data, [], destination);

    /// <summary>SHA-256 of <paramref name="first"/> followed by <paramref name="second"/>, without joining them.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Hash32.Size, nameof(destination));
        if (InitFn == null)
        {
            Managed(first, second, destination);
            return;
        }

        byte* context = stackalloc byte[ContextSize];
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* digest = destination)
        {
            // each call returns 1; SHA256_Update and SHA256_Final cannot fail on a valid context
            _ = InitFn(context);
            if (first.Length > 0)
            {
                _ = UpdateFn(context, a, (nuint)first.Length);
            }

            if (second.Length > 0)
            {
                _ = UpdateFn(context, b, (nuint)second.Length);
            }

            _ = FinalFn(digest, context);
        }
    }

    private static void Managed(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (second.IsEmpty)
        {
            SHA256.HashData(first, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first);
        hash.AppendData(second);
        hash.GetHashAndReset(destination);
    }

    private static bool TryBind(
        out string library,
        out delegate* unmanaged<byte*, int> init,
        out delegate* unmanaged<byte*, byte*, nuint, int> update,
        out delegate* unmanaged<byte*, byte*, int> final)
    {
        init = null;
        update = null;
        final = null;
        if (!LibCrypto.TryGet(out var handle, out library)
            || LibCrypto.IsFipsEnabled
            || !NativeLibrary.TryGetExport(handle, "SHA256_Init", out var i)
            || !NativeLibrary.TryGetExport(handle, "SHA256_Update", out var u)
            || !NativeLibrary.TryGetExport(handle, "SHA256_Final", out var f))
        {
            return false;
        }

        init = (delegate* unmanaged<byte*, int>)i;
        update = (delegate* unmanaged<byte*, byte*, nuint, int>)u;
        final = (delegate* unmanaged<byte*, byte*, int>)f;
        return true;
    }

    /// <summary>The direct functions must agree with .NET's SHA-256 on every padding case, one and two parts.</summary>
    private static bool PassesKnownAnswers()
    {
        var data = new byte[1100];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
        }

        Span<byte> expected = stackalloc byte[Hash32.Size];
        Span<byte> actual = stackalloc byte[Hash32.Size];
        foreach (var length in (int[])[0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 1100])
        {
            SHA256.HashData(data.AsSpan(0, length), expected);
            Hash(data.AsSpan(0, length), actual);
            if (!actual.SequenceEqual(expected))
            {
                return false;
            }

            var split = length / 3;
            Hash(data.AsSpan(0, split), data.AsSpan(split, length - split), actual);
            if (!actual.SequenceEqual(expected))
            {
                return false;
            }
        }

        // the digest of "abc" (FIPS 180-2, appendix B.1)
        Hash("abc"u8, actual);
        return Convert.ToHexStringLower(actual) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    }
}
