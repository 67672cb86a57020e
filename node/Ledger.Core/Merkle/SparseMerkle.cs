using System.Numerics;
using Ledger.Core.Serialization;

namespace Ledger.Core.Merkle;

/// <summary>
/// The authenticated map of the world state (header version 2): a compact 16-ary Merkle trie over
/// 64-digit paths <c>SHA-256(state key)</c> (one hex digit per level, high nibble first). Its shape
/// depends only on the set of entries, never on the order they were written in: a subtree with no
/// entry is absent, a subtree with one entry is that entry's leaf, and any other subtree is a branch
/// over its 16 digit-subtrees.
/// <list type="bullet">
/// <item>leaf = SHA-256(0x00 || keyHash || SHA-256(value))</item>
/// <item>branch = SHA-256(0x01 || bitmap (u16, big-endian; bit i = digit i present) || the present children's hashes in digit order)</item>
/// <item>the empty tree's root is 32 zero bytes</item>
/// </list>
/// Sixteen children per level keep a million-key tree about six levels deep, so a block touches
/// few nodes and a proof is a handful of branches. Pure and thread-safe.
/// </summary>
public static class SparseMerkle
{
    public const int Radix = 16;

    /// <summary>Digits in a path, so the most levels a proof can have.</summary>
    public const int MaxDepth = 2 * Hash32.Size;

    private const byte LeafPrefix = 0x00;
    private const byte BranchPrefix = 0x01;

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

    /// <summary>A branch's hash from its bitmap and its children's hashes (one per set bit, in digit order).</summary>
    public static Hash32 BranchHash(ushort bitmap, ReadOnlySpan<Hash32> children)
    {
        if (BitOperations.PopCount(bitmap) != children.Length)
        {
            throw new ArgumentException("one child hash per bit of the bitmap", nameof(children));
        }

        Span<byte> buffer = stackalloc byte[3 + Radix * Hash32.Size];
        buffer[0] = BranchPrefix;
        buffer[1] = (byte)(bitmap >> 8);
        buffer[2] = (byte)bitmap;
        for (var i = 0; i < children.Length; i++)
        {
            children[i].WriteTo(buffer[(3 + i * Hash32.Size)..]);
        }

        return Hash32.Compute(buffer[..(3 + children.Length * Hash32.Size)]);
    }

    /// <summary>Digit <paramref name="depth"/> of a path.</summary>
    public static int Digit(Hash32 path, int depth) => path.Nibble(depth);

    /// <summary>Whether two paths agree on their first <paramref name="digits"/> digits.</summary>
    public static bool SharePrefix(Hash32 a, Hash32 b, int digits)
    {
        for (var i = 0; i < digits; i++)
        {
            if (a.Nibble(i) != b.Nibble(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks a proof about <paramref name="keyHash"/> against <paramref name="root"/>. For membership,
    /// <paramref name="value"/> is the claimed value; for absence it is null. Returns null when the proof
    /// holds, else the name of the check that failed.
    /// </summary>
    public static string? Verify(Hash32 root, Hash32 keyHash, byte[]? value, StateProofPath proof)
    {
        var levels = proof.Levels;
        if (levels.Count > MaxDepth)
        {
            return "path-too-long";
        }

        // the hash of the child on the key's path below the last level; null when the path ends at a missing digit
        Hash32? below;
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

            below = LeafHash(leaf.KeyHash, leaf.ValueHash);
        }
        else if (proof.Terminal is { } other)
        {
            if (other.KeyHash == keyHash)
            {
                return "absence-proof-ends-at-the-key's-own-leaf";
            }

            if (!SharePrefix(other.KeyHash, keyHash, levels.Count))
            {
                return "absence-leaf-is-not-on-the-key's-path";
            }

            below = LeafHash(other.KeyHash, other.ValueHash);
        }
        else
        {
            if (levels.Count == 0)
            {
                return root == EmptyRoot ? null : "root-mismatch";
            }

            below = null;
        }

        Span<Hash32> children = stackalloc Hash32[Radix];
        for (var depth = levels.Count - 1; depth >= 0; depth--)
        {
            var level = levels[depth];
            var digit = Digit(keyHash, depth);
            var onPath = (level.Bitmap >> digit & 1) == 1;
            var count = BitOperations.PopCount(level.Bitmap);
            if (below is null)
            {
                if (onPath)
                {
                    return "absent-digit-is-in-the-branch";
                }
            }
            else if (!onPath)
            {
                return "path-digit-not-in-the-branch";
            }

            if (level.Siblings.Count != count - (onPath ? 1 : 0))
            {
                return "sibling-count-does-not-match-bitmap";
            }

            // a branch holds at least two entries: it has two children, or one child that is itself a
            // branch; a single leaf under a branch would have been the branch's place
            if (count == 0 || (count == 1 && depth == levels.Count - 1 && proof.Terminal is not null))
            {
                return "non-canonical-path";
            }

            var n = 0;
            var s = 0;
            for (var d = 0; d < Radix; d++)
            {
                if ((level.Bitmap >> d & 1) == 0)
                {
                    continue;
                }

                if (d == digit && below is { } own)
                {
                    children[n++] = own;
                    continue;
                }

                var sibling = level.Siblings[s++];
                if (sibling.IsZero)
                {
                    return "non-canonical-path";
                }

                children[n++] = sibling;
            }

            below = BranchHash(level.Bitmap, children[..n]);
        }

        return below == root ? null : "root-mismatch";
    }

    /// <summary>Canonical bytes of a proof path (for files and hashing).</summary>
    public static void Write(CanonicalWriter writer, StateProofPath proof)
    {
        writer.WriteUInt32((uint)proof.Levels.Count);
        foreach (var level in proof.Levels)
        {
            writer.WriteUInt32(level.Bitmap);
            writer.WriteUInt32((uint)level.Siblings.Count);
            foreach (var sibling in level.Siblings)
            {
                writer.WriteHash(sibling);
            }
        }

        writer.WriteBool(proof.Terminal is not null);
        if (proof.Terminal is { } leaf)
        {
            writer.WriteHash(leaf.KeyHash).WriteHash(leaf.ValueHash);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, refusing anything out of bounds.</summary>
    /// <exception cref="LedgerFormatException">The bytes are not a proof path.</exception>
    public static StateProofPath Read(ref CanonicalReader reader)
    {
        var count = reader.ReadUInt32("state proof levels");
        if (count > MaxDepth)
        {
            throw new LedgerFormatException($"a state proof has at most {MaxDepth} levels, got {count}");
        }

        var levels = new StateProofLevel[count];
        for (var i = 0; i < levels.Length; i++)
        {
            var bitmap = reader.ReadUInt32("branch bitmap");
            if (bitmap > ushort.MaxValue)
            {
                throw new LedgerFormatException($"a branch bitmap has 16 bits, got {bitmap}");
            }

            var siblings = reader.ReadUInt32("branch siblings");
            if (siblings > Radix)
            {
                throw new LedgerFormatException($"a branch has at most {Radix} children, got {siblings}");
            }

            var hashes = new Hash32[siblings];
            for (var j = 0; j < hashes.Length; j++)
            {
                hashes[j] = reader.ReadHash("sibling");
            }

            levels[i] = new StateProofLevel((ushort)bitmap, hashes);
        }

        SparseLeaf? terminal = reader.ReadBool("has terminal leaf") ? new SparseLeaf(reader.ReadHash("leaf key hash"), reader.ReadHash("leaf value hash")) : null;
        return new StateProofPath(levels, terminal);
    }
}
