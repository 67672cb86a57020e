using BenchmarkDotNet.Attributes;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Benchmarks;

/// <summary>Executing and committing a block of 1,000 registrations (signatures checked at the door already).</summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class BlockBenchmarks
{
    private const int BlockSize = 1000;

    private TestConsortium _consortium = null!;
    private TempDirectory _dir = null!;
    private TestLedger _ledger = null!;
    private TxFactory _maker = null!;
    private byte[][] _block = [];
    private TxCheck?[] _checks = [];
    private BlockCommit? _executed;
    private int _round;
    private long _time;

    [GlobalSetup]
    public void Setup()
    {
        _consortium = new TestConsortium();
        _dir = new TempDirectory("ledger-bench");
        _ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(_dir.Path));
        _maker = _consortium.Transactions("manufacturer");
        _time = _consortium.Genesis.Header.BlockTimeUnixMs;
    }

    [IterationSetup]
    public void NextBlock()
    {
        _round++;
        _block = Enumerable.Range(0, BlockSize).Select(i => _maker.Register($"B{_round}-{i}")).ToArray();
        _checks = _block.Select(b => (TxCheck?)_ledger.Validator.Check(b, _time)).ToArray();
        _time += 1000;
        _executed = _ledger.Executor.Execute(_ledger.Ledger, _block, _time, "bench", prechecked: _checks);
    }

    /// <summary>Execution alone (contract, overlays, tx root, state root).</summary>
    [Benchmark]
    public BlockCommit Execute() => _ledger.Executor.Execute(_ledger.Ledger, _block, _time, "bench", prechecked: _checks);

    /// <summary>The one synced RocksDB write batch of a block.</summary>
    [Benchmark]
    public void Commit() => _ledger.Ledger.Commit(_executed!);

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _dir.Dispose();
        _consortium.Dispose();
    }
}
