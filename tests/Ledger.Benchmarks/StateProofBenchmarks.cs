using BenchmarkDotNet.Attributes;
using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.State;
using Ledger.Storage;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Benchmarks;

/// <summary>
/// State proofs of a one-million-key state on RocksDB: generation (from the tree the node keeps,
/// and from the store alone), offline verification, and one block's update of 2,000 keys.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StateProofBenchmarks
{
    private const int BuildBatch = 20_000;

    private TempDirectory? _dir;
    private RocksDbKeyValueStore? _store;
    private StateTree? _tree;
    private Hash32 _root;
    private ulong _version;
    private Hash32 _present;
    private Hash32 _absent;
    private byte[] _value = [];
    private StateProofPath? _membership;
    private StateProofPath? _absence;
    private StateTree.Change[] _block = [];
    private int _round;

    [Params(1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = new TempDirectory();
        _store = RocksDbKeyValueStore.Open(_dir.Path);
        _tree = new StateTree(_store);
        _root = Hash32.Zero;
        for (var start = 0; start < Keys; start += BuildBatch)
        {
            var changes = Enumerable.Range(start, Math.Min(BuildBatch, Keys - start))
                .Select(i => new StateTree.Change(KeyHash(i), Hash32.Compute(Value(i))))
                .OrderBy(c => c.KeyHash)
                .ToArray();
            _root = Commit(changes);
        }

        _present = KeyHash(Keys / 2);
        _absent = KeyHash(Keys + 1);
        _value = Value(Keys / 2);
        _membership = _tree.Prove(_root, _version, _present);
        _absence = _tree.Prove(_root, _version, _absent);
        if (SparseMerkle.Verify(_root, _present, _value, _membership) is { } a || SparseMerkle.Verify(_root, _absent, null, _absence) is { } b)
        {
            throw new InvalidOperationException("the benchmark's proofs do not verify");
        }

        _block = Enumerable.Range(0, 2000).Select(i => new StateTree.Change(KeyHash(Keys + 10 + i), Hash32.Compute(Value(i)))).OrderBy(c => c.KeyHash).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _dir?.Dispose();
    }

    /// <summary>A proof from the tree a running node keeps (its cache holds the current branches).</summary>
    [Benchmark]
    public StateProofPath Prove() => _tree!.Prove(_root, _version, KeyHash(_round++ % Keys));

    /// <summary>A proof with nothing cached: every level read from RocksDB.</summary>
    [Benchmark]
    public StateProofPath ProveFromStore() => new StateTree(_store!).Prove(_root, _version, KeyHash(_round++ % Keys));

    [Benchmark]
    public string? VerifyMembership() => SparseMerkle.Verify(_root, _present, _value, _membership!);

    [Benchmark]
    public string? VerifyAbsence() => SparseMerkle.Verify(_root, _absent, null, _absence!);

    /// <summary>One block's new root over 2,000 new keys (not committed, so each run starts from the same tree).</summary>
    [Benchmark]
    public Hash32 UpdateBlockOf2000() => _tree!.Update(_root, _version + 1, _block, []);

    private Hash32 Commit(StateTree.Change[] changes)
    {
        var created = new List<StateTree.NewNode>();
        var superseded = new List<Hash32>();
        var root = _tree!.Update(_root, ++_version, changes, created, superseded);
        using var batch = _store!.CreateWriteBatch();
        foreach (var node in created)
        {
            batch.Put(Column.StateTree, node.Key(), node.Encoded);
        }

        _store.Write(batch);
        _tree.Committed(created, superseded);
        return root;
    }

    private static Hash32 KeyHash(int i) => StateKey.Path("equipment", $"machine/M{i:D8}");

    private static byte[] Value(int i) => System.Text.Encoding.UTF8.GetBytes($"{{\"id\":\"M{i:D8}\",\"owner\":\"manufacturer\",\"status\":\"Registered\"}}");
}
