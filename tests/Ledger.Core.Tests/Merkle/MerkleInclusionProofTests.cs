using System.Text;
using Ledger.Core.Merkle;

namespace Ledger.Core.Tests.Merkle;

/// <summary>Inclusion proofs (RFC 9162 section 2.1.3) on generated trees, and the proofs they must not accept.</summary>
public sealed class MerkleInclusionProofTests
{
    private static Hash32[] Leaves(int count, int seed = 1) =>
        Enumerable.Range(0, count).Select(i => MerkleTree.HashLeaf(Encoding.UTF8.GetBytes($"leaf-{seed}-{i}"))).ToArray();

    private static Hash32 Flip(Hash32 hash, int byteIndex = 0, byte mask = 0x01)
    {
        var bytes = hash.ToArray();
        bytes[byteIndex] ^= mask;
        return new Hash32(bytes);
    }

    public static TheoryData<int> SmallSizes => new(Enumerable.Range(1, 16));

    [Fact]
    public void Root_and_every_path_agree_with_a_naive_rfc_6962_transcription_for_sizes_1_to_100()
    {
        for (var size = 1; size <= 100; size++)
        {
            var leaves = Leaves(size);
            var bytes = leaves.Select(l => l.ToArray()).ToList();
            Assert.Equal(new Hash32(ReferenceMerkle.Mth(bytes)), MerkleTree.Root(leaves));
            for (var index = 0; index < size; index++)
            {
                var expected = ReferenceMerkle.Path(index, bytes).Select(h => new Hash32(h));
                Assert.Equal(expected, MerkleTree.InclusionPath(leaves, index));
            }
        }
    }

    [Fact]
    public void Every_leaf_of_every_tree_up_to_100_leaves_verifies()
    {
        for (var size = 1; size <= 100; size++)
        {
            var leaves = Leaves(size, seed: size);
            var root = MerkleTree.Root(leaves);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.InclusionPath(leaves, index);
                Assert.True(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, root), $"leaf {index} of {size}");
            }
        }
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    public void Random_leaves_of_larger_trees_verify_with_paths_of_logarithmic_length(int size)
    {
        var random = new Random(size);
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        var maxDepth = (int)Math.Ceiling(Math.Log2(size));
        foreach (var index in Enumerable.Range(0, 20).Select(_ => random.Next(size)).Append(0).Append(size - 1))
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            Assert.InRange(path.Count, 1, maxDepth);
            Assert.True(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, root));
        }
    }

    [Fact]
    public void Single_leaf_tree_has_an_empty_path_and_its_root_is_the_leaf()
    {
        var leaves = Leaves(1);

        Assert.Equal(leaves[0], MerkleTree.Root(leaves));
        Assert.Empty(MerkleTree.InclusionPath(leaves, 0));
        Assert.True(MerkleTree.VerifyInclusion(leaves[0], 0, 1, [], leaves[0]));
    }

    [Fact]
    public void Root_depends_on_leaf_order()
    {
        var leaves = Leaves(5);
        var swapped = (Hash32[])leaves.Clone();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);

        Assert.NotEqual(MerkleTree.Root(leaves), MerkleTree.Root(swapped));
    }

    [Fact]
    public void Leaf_and_node_hashes_are_domain_separated()
    {
        var left = MerkleTree.HashLeaf([1]);
        var right = MerkleTree.HashLeaf([2]);
        var concatenation = left.ToArray().Concat(right.ToArray()).ToArray();

        // a 64-byte leaf equal to two child hashes must not hash like their parent node
        Assert.NotEqual(MerkleTree.HashChildren(left, right), MerkleTree.HashLeaf(concatenation));
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(3, -1)]
    public void Inclusion_path_of_an_index_outside_the_tree_throws(int size, int index)
    {
        var leaves = Leaves(size);

        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionPath(leaves, index));
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Proof_checked_at_any_other_index_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            for (var other = 0; other < size + 2; other++)
            {
                if (other != index)
                {
                    Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)other, (ulong)size, path, root), $"leaf {index} of {size} accepted at index {other}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Proof_checked_at_any_index_and_tree_size_whose_path_has_another_length_fails(int size)
    {
        const int extra = 8;
        var leaves = Leaves(size + extra);
        var root = MerkleTree.Root(leaves.AsSpan(0, size));
        var lengths = new Dictionary<(int Index, int Size), int>();
        for (var m = 1; m <= size + extra; m++)
        {
            for (var j = 0; j < m; j++)
            {
                lengths[(j, m)] = MerkleTree.InclusionPath(leaves.AsSpan(0, m), j).Count;
            }
        }

        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves.AsSpan(0, size), index);
            foreach (var ((j, m), length) in lengths)
            {
                if (length != path.Count)
                {
                    Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)j, (ulong)m, path, root), $"leaf {index} of {size} accepted as leaf {j} of {m}");
                }
            }
        }
    }

    [Fact]
    public void Proof_with_more_siblings_than_the_claimed_tree_has_levels_fails_even_if_it_hashes_to_the_root()
    {
        // leaf 1 of a two-leaf tree, presented as the only leaf of a one-leaf tree with one sibling:
        // H(0x01 || leaf0 || leaf1) is the real root, but a one-leaf tree has no siblings
        var leaves = Leaves(2);
        var root = MerkleTree.Root(leaves);

        Assert.True(MerkleTree.VerifyInclusion(leaves[1], 1, 2, [leaves[0]], root));
        Assert.False(MerkleTree.VerifyInclusion(leaves[1], 0, 1, [leaves[0]], root));

        // leaf 3 of four, presented as leaf 1 of two: the second sibling would lift it to the root
        var four = Leaves(4);
        var path = MerkleTree.InclusionPath(four, 3);
        Assert.Equal(2, path.Count);
        Assert.False(MerkleTree.VerifyInclusion(four[3], 1, 2, path, MerkleTree.Root(four)));
    }

    [Fact]
    public void Proof_does_not_bind_a_tree_size_of_the_same_shape_as_rfc_9162_specifies()
    {
        // Documented property, not a defect: leaf 0's path in a 4-leaf tree has the shape of a
        // 3-leaf path, so the size must be authenticated elsewhere (the signed header / tx count).
        var leaves = Leaves(4);
        var path = MerkleTree.InclusionPath(leaves, 0);

        Assert.True(MerkleTree.VerifyInclusion(leaves[0], 0, 3, path, MerkleTree.Root(leaves)));
        Assert.False(MerkleTree.VerifyInclusion(leaves[0], 0, 5, path, MerkleTree.Root(leaves)));
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Truncated_path_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            for (var keep = 0; keep < path.Count; keep++)
            {
                Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path.Take(keep).ToList(), root), $"leaf {index} of {size} with {keep} of {path.Count} siblings");
                Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path.Skip(path.Count - keep).ToList(), root), $"leaf {index} of {size} without its nearest siblings");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Extended_path_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, [.. path, root], root));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, [.. path, Hash32.Zero], root));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, [leaves[index], .. path], root));
        }
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Path_with_a_flipped_bit_in_any_sibling_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            for (var i = 0; i < path.Count; i++)
            {
                foreach (var (byteIndex, mask) in new[] { (0, (byte)0x01), (17, (byte)0x80), (31, (byte)0x10) })
                {
                    var tampered = path.ToArray();
                    tampered[i] = Flip(tampered[i], byteIndex, mask);
                    Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, tampered, root), $"leaf {index} of {size}, sibling {i} byte {byteIndex}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Path_with_two_siblings_swapped_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        var checkedAny = false;
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            for (var i = 0; i + 1 < path.Count; i++)
            {
                var swapped = path.ToArray();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, swapped, root), $"leaf {index} of {size}, siblings {i} and {i + 1}");
                checkedAny = true;
            }
        }

        Assert.Equal(size > 2, checkedAny);
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Proof_against_a_wrong_root_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        var otherTreeRoot = MerkleTree.Root(Leaves(size, seed: 99));
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, Flip(root, 31)));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, otherTreeRoot));
            Assert.False(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, Hash32.Zero));
        }
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Proof_of_another_leaf_value_fails(int size)
    {
        var leaves = Leaves(size);
        var root = MerkleTree.Root(leaves);
        for (var index = 0; index < size; index++)
        {
            var path = MerkleTree.InclusionPath(leaves, index);
            Assert.False(MerkleTree.VerifyInclusion(Flip(leaves[index]), (ulong)index, (ulong)size, path, root));
            Assert.False(MerkleTree.VerifyInclusion(MerkleTree.HashLeaf([0xAB]), (ulong)index, (ulong)size, path, root));
        }
    }

    [Theory]
    [InlineData(1UL, 1UL)]
    [InlineData(4UL, 4UL)]
    [InlineData(5UL, 4UL)]
    [InlineData(0UL, 0UL)]
    [InlineData(ulong.MaxValue, 4UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    public void Proof_with_an_index_at_or_beyond_the_tree_size_fails(ulong index, ulong size)
    {
        var leaves = Leaves(4);
        var path = MerkleTree.InclusionPath(leaves, 3);

        Assert.False(MerkleTree.VerifyInclusion(leaves[3], index, size, path, MerkleTree.Root(leaves)));
        Assert.False(MerkleTree.VerifyInclusion(leaves[3], index, size, [], leaves[3]));
    }
}
