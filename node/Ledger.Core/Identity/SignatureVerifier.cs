using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>
/// Verifies ECDSA P-256 signatures (IEEE P1363) over a SHA-256 digest. Imported keys are
/// cached per thread, because importing costs three verifications and neither OpenSSL's verify
/// contexts nor <see cref="ECDsa"/> objects are thread-safe. Where <see cref="OpenSslP256"/> is
/// available a key is a reused OpenSSL verify context, otherwise an <see cref="ECDsa"/>; both give
/// OpenSSL's answer. Thread-safe; pure (the same inputs always give the same answer).
/// </summary>
public sealed class SignatureVerifier : IDisposable
{
    private const int MaxCachedKeysPerThread = 4096;

    // not tracked: a tracked ThreadLocal keeps the caches of exited pool threads alive forever;
    // an untracked one lets them (and their keys) be collected with the thread
    private readonly ThreadLocal<Dictionary<Hash32, IDisposable>> _keys = new(() => [], trackAllValues: false);

    /// <param name="publicKey">X || Y of the P-256 point (64 bytes).</param>
    /// <param name="digest">SHA-256 of the signed data (for a transaction: its txId).</param>
    /// <param name="signature">r || s (64 bytes).</param>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 64 || signature.Length != 64 || digest.Length != Hash32.Size)
        {
            return false;
        }

        var cache = _keys.Value!;
        var id = Hash32.Compute(publicKey);
        if (!cache.TryGetValue(id, out var key))
        {
            if (cache.Count >= MaxCachedKeysPerThread)
            {
                foreach (var old in cache.Values)
                {
                    old.Dispose();
                }

                cache.Clear();
            }

            key = Import(publicKey);
            if (key is null)
            {
                return false;
            }

            cache[id] = key;
        }

        return key is OpenSslP256.Key native
            ? native.Verify(digest, signature)
            : ((ECDsa)key).VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether verification goes straight through OpenSSL (see <see cref="OpenSslP256"/>).</summary>
    public static bool IsDirectOpenSsl => OpenSslP256.IsAvailable;

    private static IDisposable? Import(ReadOnlySpan<byte> publicKey)
    {
        if (OpenSslP256.IsAvailable)
        {
            return OpenSslP256.Import(publicKey);
        }

        try
        {
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[..32].ToArray(), Y = publicKey[32..].ToArray() },
            });
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _keys.Dispose();
}
