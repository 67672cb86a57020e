using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>
/// Verifies ECDSA P-256 signatures (IEEE P1363) over a SHA-256 digest. Imported keys are
/// cached per thread, because importing costs three verifications and neither OpenSSL's verify
/// contexts nor <see cref="ECDsa"/> objects are thread-safe. Where <see cref="OpenSslP256"/> is
/// available a key is a reused OpenSSL verify context, otherwise an <see cref="ECDsa"/>; both give
/// OpenSSL's answer. A key verified <see cref="DefaultTableAfter"/> times (a member that submits
/// much) gets a table of precomputed multiples shared by all threads (<see cref="OpenSslP256FixedBase"/>),
/// which halves the cost of its verifications; at most <see cref="MaxTables"/> keys have one.
/// Thread-safe; pure (the same inputs always give the same answer, whichever path gives it).
/// </summary>
public sealed class SignatureVerifier : IDisposable
{
    /// <summary>Verifications of one key before it gets a table: building one costs about 400 verifications.</summary>
    public const int DefaultTableAfter = 1000;

    /// <summary>Most keys with a table (about 150 KB each).</summary>
    public const int MaxTables = 64;

    private const int MaxCachedKeysPerThread = 4096;
    private const int MaxCountedKeys = 8192;

    // not tracked: a tracked ThreadLocal keeps the caches of exited pool threads alive forever;
    // an untracked one lets them (and their keys) be collected with the thread
    private readonly ThreadLocal<Dictionary<Hash32, IDisposable>> _keys = new(() => [], trackAllValues: false);
    private readonly ConcurrentDictionary<Hash32, KeyUse> _uses = new();
    private readonly Lock _tablesGate = new();
    private readonly int _tableAfter;
    private readonly bool _buildInBackground;
    private int _tables;
    private volatile bool _disposed;

    /// <param name="tableAfter">Verifications of a key before it gets a table; negative for never.</param>
    /// <param name="buildInBackground">
    /// Build a table on the thread pool, the key's verifications going on without it meanwhile (a build
    /// takes 30–40 ms); false builds it in the verification that reaches the threshold.
    /// </param>
    public SignatureVerifier(int tableAfter = DefaultTableAfter, bool buildInBackground = true)
    {
        _tableAfter = tableAfter;
        _buildInBackground = buildInBackground;
    }

    /// <summary>Whether tables are in use (bound and checked at start-up, see <see cref="OpenSslP256FixedBase"/>).</summary>
    public static bool HasFixedBaseTables => OpenSslP256FixedBase.IsAvailable;

    /// <summary>How many keys have a table now.</summary>
    public int TableCount => Volatile.Read(ref _tables);

    /// <param name="publicKey">X || Y of the P-256 point (64 bytes).</param>
    /// <param name="digest">SHA-256 of the signed data (for a transaction: its txId).</param>
    /// <param name="signature">r || s (64 bytes).</param>
    /// <exception cref="ObjectDisposedException">The verifier is disposed.</exception>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 64 || signature.Length != 64 || digest.Length != Hash32.Size)
        {
            return false;
        }

        var id = Hash32.Compute(publicKey);
        if (TableOf(id, publicKey) is { } table)
        {
            return table.Verify(digest, signature);
        }

        var cache = _keys.Value!;
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

    /// <summary>The key's table; counts the use, and builds the table on the use that reaches the threshold.</summary>
    private OpenSslP256FixedBase.Table? TableOf(Hash32 id, ReadOnlySpan<byte> publicKey)
    {
        if (_tableAfter < 0 || _disposed || !OpenSslP256FixedBase.IsAvailable)
        {
            return null;
        }

        var threshold = Math.Max(1, _tableAfter);
        if (!_uses.TryGetValue(id, out var use))
        {
            if (_uses.Count >= MaxCountedKeys)
            {
                // forget the rarely used keys: not those with a table or one being built
                foreach (var (key, counted) in _uses)
                {
                    if (counted.Table is null && Volatile.Read(ref counted.Count) < threshold)
                    {
                        _uses.TryRemove(key, out _);
                    }
                }
            }

            use = _uses.GetOrAdd(id, static _ => new KeyUse());
        }

        if (use.Table is { } table)
        {
            return table;
        }

        // exactly one use reaches the threshold and builds; the others go on without a table meanwhile
        if (Interlocked.Increment(ref use.Count) != threshold || Volatile.Read(ref _tables) >= MaxTables)
        {
            return null;
        }

        if (!_buildInBackground)
        {
            return Install(id, use, publicKey.ToArray());
        }

        var copy = publicKey.ToArray();
        _ = Task.Run(() => Install(id, use, copy));
        return null;
    }

    /// <summary>Builds the key's table and gives it to its entry, if the entry is still the key's and there is room.</summary>
    private OpenSslP256FixedBase.Table? Install(Hash32 id, KeyUse use, byte[] publicKey)
    {
        var built = _disposed ? null : OpenSslP256FixedBase.Build(publicKey);
        if (built is null)
        {
            return null;
        }

        lock (_tablesGate)
        {
            if (_disposed || _tables >= MaxTables || !_uses.TryGetValue(id, out var current) || !ReferenceEquals(current, use))
            {
                built.Dispose();
                return null;
            }

            use.Table = built;
            _tables++;
        }

        return built;
    }

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

    public void Dispose()
    {
        lock (_tablesGate)
        {
            _disposed = true;
            foreach (var use in _uses.Values)
            {
                use.Table?.Dispose();
            }

            _uses.Clear();
        }

        _keys.Dispose();
    }

    private sealed class KeyUse
    {
        public int Count;
        public volatile OpenSslP256FixedBase.Table? Table;
    }
}
