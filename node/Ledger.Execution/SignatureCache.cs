using Ledger.Core;

namespace Ledger.Execution;

/// <summary>
/// Remembers (certificate, txId, signature) triples already verified, so a node that checked a
/// signature at the door does not verify it again when it applies the block. Only positive results
/// are kept, and a result depends only on the triple, so using the cache cannot change an outcome.
/// A fixed table of <see cref="Slots"/> keys, one per slot: a key whose slot is taken by a later one
/// is forgotten (it is then verified again). Nothing is allocated after construction. Thread-safe.
/// </summary>
public sealed class SignatureCache
{
    /// <summary>How many keys the table holds at most (32 bytes each).</summary>
    public const int Slots = 1 << 16;

    private const int Stripes = 64;

    private readonly Hash32[] _keys = new Hash32[Slots];
    private readonly Lock[] _locks = Enumerable.Range(0, Stripes).Select(_ => new Lock()).ToArray();

    /// <summary>The key of a triple: SHA-256 of the certificate hash, the txId and the whole signature.</summary>
    public static Hash32 KeyOf(Hash32 certificateHash, Hash32 txId, ReadOnlySpan<byte> signature)
    {
        var length = (2 * Hash32.Size) + signature.Length;
        Span<byte> buffer = length <= 256 ? stackalloc byte[256] : new byte[length];
        certificateHash.WriteTo(buffer);
        txId.WriteTo(buffer[Hash32.Size..]);
        signature.CopyTo(buffer[(2 * Hash32.Size)..]);
        return Hash32.Compute(buffer[..length]);
    }

    /// <summary>Whether <paramref name="key"/> was added and not yet displaced. The zero key (an empty slot) never is.</summary>
    public bool Contains(Hash32 key)
    {
        if (key.IsZero)
        {
            return false;
        }

        var slot = SlotOf(key);
        lock (_locks[slot % Stripes])
        {
            return _keys[slot].Equals(key);
        }
    }

    public void Add(Hash32 key)
    {
        if (key.IsZero)
        {
            return;
        }

        var slot = SlotOf(key);
        lock (_locks[slot % Stripes])
        {
            _keys[slot] = key;
        }
    }

    /// <summary>The slot of a key: its last bytes (a SHA-256 output, so uniform).</summary>
    internal static int SlotOf(Hash32 key)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        key.WriteTo(bytes);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[28..]) % Slots);
    }
}
