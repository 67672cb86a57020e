namespace Ledger.Core.Merkle;

/// <summary>
/// The RFC 6962 / RFC 9162 Merkle tree hash over SHA-256: leaf = H(0x00 || data),
/// node = H(0x01 || left || right), the empty tree hashes to H(""). Pure and thread-safe.
/// </summary>
public static class MerkleTree
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    public static Hash32 EmptyRoot { get; } = Hash32.Compute([]);

    public static Hash32 HashLeaf(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        Sha256.Hash([LeafPrefix], data, digest);
        return new Hash32(digest);
    }

    public static Hash32 HashChildren(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = NodePrefix;
        left.WriteTo(buffer[1..]);
        right.WriteTo(buffer[(1 + Hash32.Size)..]);
        return Hash32.Compute(buffer);
    }

    /// <summary>The tree head over leaves given by their leaf hashes.</summary>
    public static Hash32 Root(ReadOnlySpan<Hash32> leafHashes) =>
        leafHashes.Length == 0 ? EmptyRoot : Subtree(leafHashes);

    private static Hash32 Subtree(ReadOnlySpan<Hash32> leaves)
    {
        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var k = LargestPowerOfTwoBelow(leaves.Length);
        return HashChildren(Subtree(leaves[..k]), Subtree(leaves[k..]));
    }

    /// <summary>The RFC 9162 inclusion proof (audit path) of leaf <paramref name="index"/>, nearest sibling first.</summary>
    public static IReadOnlyList<Hash32> InclusionPath(ReadOnlySpan<Hash32> leafHashes, int index)
    {
        if ((uint)index >= (uint)leafHashes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "leaf index is outside the tree");
        }

        var path = new List<Hash32>();
        BuildPath(leafHashes, index, path);
        return path;
    }

    private static void BuildPath(ReadOnlySpan<Hash32> leaves, int index, List<Hash32> path)
    {
        if (leaves.Length <= 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(leaves.Length);
        if (index < k)
        {
            BuildPath(leaves[..k], index, path);
            path.Add(Subtree(leaves[k..]));
        }
        else
        {
            BuildPath(leaves[k..], index - k, path);
            path.Add(Subtree(leaves[..k]));
        }
    }

    /// <summary>
    /// Checks an inclusion proof as RFC 9162 section 2.1.3.2 prescribes. Returns false for any
    /// index outside the tree, a path that is too short or too long, or a root that does not match.
    /// </summary>
    public static bool VerifyInclusion(Hash32 leafHash, ulong index, ulong treeSize, IReadOnlyList<Hash32> path, Hash32 root)
    {
        if (index >= treeSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = HashChildren(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r == root;
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        // the largest power of two strictly less than n (n >= 2)
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
