using Ledger.Core.Serialization;

namespace Ledger.Core.Merkle;

/// <summary>
/// The authenticated map of the world state (header version 2): a compact sparse Merkle tree over
/// 256-bit paths <c>SHA-256(state key)</c>. A subtree with no entry hashes to zero, a subtree with
/// one entry is that entry's leaf, and any other subtree is an inner node. So the root depends only
/// on the set of entries, not on the order they were written in.
/// <list type="bullet">
/// <item>leaf = SHA-256(0x00 || keyHash || SHA-256(value))</item>
/// <item>inner = SHA-256(0x01 || left || right)</item>
/// </list>
/// Pure and thread-safe.
/// </summary>
public static class SparseMerkle
{
    public const int PathBits = 256;

    private const byte LeafPrefix = 0x00;
    private const byte InnerPrefix = 0x01;

    public static Hash32 EmptyRoot => Hash32.Zero;

    public static Hash32 KeyHash(ReadOnlySpan<byte> stateKey) => Hash32.Compute(stateKey);

    public static Hash32 LeafHash(Hash32 keyHash, Hash32 valueHash)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = LeafPrefix;
        keyHash.WriteTo(buffer[1..]);
        valueHash.WriteTo(buffer[(1 + Hash32.Size)..]);
        return Hash32.Compute(buffer);
    }

    public static Hash32 InnerHash(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = InnerPrefix;
        left.WriteTo(buffer[1..]);
        right.WriteTo(buffer[(1 + Hash32.Size)..]);
        return Hash32.Compute(buffer);
    }

    /// <summary>Bit <paramref name="index"/> of a path, most significant bit of the first byte first.</summary>
    public static int Bit(Hash32 path, int index) => path.Bit(index);

    /// <summary>Whether two paths agree on their first <paramref name="bits"/> bits.</summary>
    public static bool SharePrefix(Hash32 a, Hash32 b, int bits)
    {
        Span<byte> x = stackalloc byte[Hash32.Size];
        Span<byte> y = stackalloc byte[Hash32.Size];
        a.WriteTo(x);
        b.WriteTo(y);
        var whole = bits >> 3;
        if (!x[..whole].SequenceEqual(y[..whole]))
        {
            return false;
        }

        var rest = bits & 7;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (x[whole] & mask) == (y[whole] & mask);
    }

    /// <summary>
    /// Folds a proof from its terminal up to the root: <paramref name="siblings"/>[d] is the sibling at
    /// depth d (0 = the root's children), and the terminal sits at depth <c>siblings.Count</c>.
    /// </summary>
    public static Hash32 Fold(Hash32 keyHash, Hash32 terminal, IReadOnlyList<Hash32> siblings)
    {
        var hash = terminal;
        for (var depth = siblings.Count - 1; depth >= 0; depth--)
        {
            hash = Bit(keyHash, depth) == 0 ? InnerHash(hash, siblings[depth]) : InnerHash(siblings[depth], hash);
        }

        return hash;
    }

    /// <summary>
    /// Checks a proof about <paramref name="keyHash"/> against <paramref name="root"/>. For membership,
    /// <paramref name="value"/> is the claimed value; for absence it is null. Returns null when the proof
    /// holds, else the name of the check that failed.
    /// </summary>
    public static string? Verify(Hash32 root, Hash32 keyHash, byte[]? value, StateProofPath proof)
    {
        if (proof.Siblings.Count > PathBits)
        {
            return "path-too-long";
        }

        Hash32 terminal;
        if (value is not null)
        {
            if (proof.Terminal is not { } leaf || leaf.KeyHash != keyHash)
            {
                return "membership-needs-the-key's-own-leaf";
            }

            if (leaf.ValueHash != Hash32.Compute(value))
            {
                return "value-does-not-match-leaf";
            }

            terminal = LeafHash(leaf.KeyHash, leaf.ValueHash);
        }
        else if (proof.Terminal is { } other)
        {
            if (other.KeyHash == keyHash)
            {
                return "absence-proof-ends-at-the-key's-own-leaf";
            }

            if (!SharePrefix(other.KeyHash, keyHash, proof.Siblings.Count))
            {
                return "absence-leaf-is-not-on-the-key's-path";
            }

            terminal = LeafHash(other.KeyHash, other.ValueHash);
        }
        else
        {
            terminal = EmptyRoot;
        }

        // a path ends at a leaf or an empty subtree; in a compact tree the sibling of either is never
        // empty (the two would have merged into their parent), so such a proof is malformed
        if (proof.Siblings.Count > 0 && proof.Siblings[^1].IsZero)
        {
            return "non-canonical-path";
        }

        return Fold(keyHash, terminal, proof.Siblings) == root ? null : "root-mismatch";
    }

    /// <summary>Canonical bytes of a proof path (for files and hashing).</summary>
    public static void Write(CanonicalWriter writer, StateProofPath proof)
    {
        writer.WriteUInt32((uint)proof.Siblings.Count);
        foreach (var sibling in proof.Siblings)
        {
            writer.WriteHash(sibling);
        }

        writer.WriteBool(proof.Terminal is not null);
        if (proof.Terminal is { } leaf)
        {
            writer.WriteHash(leaf.KeyHash).WriteHash(leaf.ValueHash);
        }
    }
}
