using System.Collections.Concurrent;
using Ledger.Core;

namespace Ledger.Execution;

/// <summary>
/// Remembers (certificate, txId, signature) triples already verified, so a node that checked a
/// signature at the door does not verify it again when it applies the block. Only positive results
/// are kept, and a result depends only on the triple, so using the cache cannot change an outcome.
/// Thread-safe; bounded (cleared when full).
/// </summary>
public sealed class SignatureCache
{
    private const int Capacity = 1 << 20;

    private readonly ConcurrentDictionary<Hash32, byte> _verified = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: keep our own

    public static Hash32 KeyOf(Hash32 certificateHash, Hash32 txId, ReadOnlySpan<byte> signature)
    {
        Span<byte> buffer = stackalloc byte[2 * Hash32.Size + 132];
        var length = 2 * Hash32.Size + Math.Min(signature.Length, 132);
        certificateHash.WriteTo(buffer);
        txId.WriteTo(buffer[Hash32.Size..]);
        signature[..Math.Min(signature.Length, 132)].CopyTo(buffer[(2 * Hash32.Size)..]);
        return Hash32.Compute(buffer[..length]);
    }

    public bool Contains(Hash32 key) => _verified.ContainsKey(key);

    public void Add(Hash32 key)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            _verified.Clear();
            Volatile.Write(ref _count, 0);
        }

        if (_verified.TryAdd(key, 0))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
