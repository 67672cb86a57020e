using BenchmarkDotNet.Attributes;
using Ledger.Core;
using Ledger.Core.Merkle;

namespace Ledger.Benchmarks;

/// <summary>The tx root and inclusion proofs of a full block.</summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private Hash32[] _leaves = [];
    private IReadOnlyList<Hash32> _path = [];
    private Hash32 _root;

    [Params(2000)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _leaves = Enumerable.Range(0, Leaves).Select(i => MerkleTree.HashLeaf(BitConverter.GetBytes(i))).ToArray();
        _root = MerkleTree.Root(_leaves);
        _path = MerkleTree.InclusionPath(_leaves, Leaves / 3);
    }

    [Benchmark]
    public Hash32 Root() => MerkleTree.Root(_leaves);

    [Benchmark]
    public IReadOnlyList<Hash32> InclusionPath() => MerkleTree.InclusionPath(_leaves, Leaves / 3);

    [Benchmark]
    public bool VerifyInclusion() => MerkleTree.VerifyInclusion(_leaves[Leaves / 3], (ulong)(Leaves / 3), (ulong)Leaves, _path, _root);
}
