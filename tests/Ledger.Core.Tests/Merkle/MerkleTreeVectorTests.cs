using System.Security.Cryptography;
using Ledger.Core.Merkle;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Merkle;

/// <summary>MerkleTree against the published RFC 6962 / Certificate Transparency vectors.</summary>
public sealed class MerkleTreeVectorTests
{
    // Audit paths published with the same reference leaves in google/certificate-transparency
    // (cpp/merkletree/merkle_tree_test.cc), as (0-based leaf index, tree size, path nearest sibling first).
    public static TheoryData<int, int, string[]> PublishedAuditPaths => new()
    {
        { 0, 1, [] },
        {
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        },
        {
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        {
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        },
    };

    [SharedFileFact(SharedFiles.MerkleVectors)]
    public void Empty_tree_root_is_the_published_vector()
    {
        var vectors = MerkleVectors.Load();

        Assert.Equal(vectors.EmptyTreeRoot, MerkleTree.EmptyRoot);
        Assert.Equal(vectors.EmptyTreeRoot, MerkleTree.Root([]));
    }

    [SharedFileFact(SharedFiles.MerkleVectors)]
    public void Vector_file_holds_eight_leaves_and_a_root_for_each_prefix()
    {
        // guards the theories below against a truncated or reshaped vector file
        var vectors = MerkleVectors.Load();

        Assert.Equal(8, vectors.Leaves.Length);
        Assert.Equal(Enumerable.Range(1, 8), vectors.RootsOfFirstNLeaves.Keys.Order());
    }

    [SharedFileTheory(SharedFiles.MerkleVectors)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Root_of_the_first_n_published_leaves_is_the_published_root(int n)
    {
        var vectors = MerkleVectors.Load();
        var leaves = vectors.Leaves.Take(n).Select(l => MerkleTree.HashLeaf(l)).ToArray();

        Assert.Equal(vectors.RootsOfFirstNLeaves[n], MerkleTree.Root(leaves));
    }

    [SharedFileFact(SharedFiles.MerkleVectors)]
    public void Leaf_hash_is_sha256_of_zero_byte_and_data()
    {
        var vectors = MerkleVectors.Load();

        foreach (var leaf in vectors.Leaves)
        {
            Assert.Equal(new Hash32(SHA256.HashData([0x00, .. leaf])), MerkleTree.HashLeaf(leaf));
        }

        // the single-leaf tree of the empty leaf is the published root for n = 1
        Assert.Equal(vectors.RootsOfFirstNLeaves[1], MerkleTree.HashLeaf([]));
    }

    [SharedFileTheory(SharedFiles.MerkleVectors)]
    [MemberData(nameof(PublishedAuditPaths))]
    public void Inclusion_path_is_the_published_audit_path_and_verifies(int index, int size, string[] expectedPath)
    {
        var vectors = MerkleVectors.Load();
        var leaves = vectors.Leaves.Take(size).Select(l => MerkleTree.HashLeaf(l)).ToArray();

        var path = MerkleTree.InclusionPath(leaves, index);

        Assert.Equal(expectedPath.Select(Hash32.Parse), path);
        Assert.True(MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, vectors.RootsOfFirstNLeaves[size]));
    }

    [SharedFileFact(SharedFiles.MerkleVectors)]
    public void Every_leaf_of_every_published_tree_has_a_proof_that_verifies_against_the_published_root()
    {
        var vectors = MerkleVectors.Load();
        var all = vectors.Leaves.Select(l => MerkleTree.HashLeaf(l)).ToArray();

        for (var size = 1; size <= 8; size++)
        {
            var leaves = all[..size];
            var root = vectors.RootsOfFirstNLeaves[size];
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.InclusionPath(leaves, index);
                Assert.True(
                    MerkleTree.VerifyInclusion(leaves[index], (ulong)index, (ulong)size, path, root),
                    $"leaf {index} of tree size {size} did not verify");
            }
        }
    }
}
