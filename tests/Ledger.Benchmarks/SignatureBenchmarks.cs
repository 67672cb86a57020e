using BenchmarkDotNet.Attributes;
using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.TestKit;

namespace Ledger.Benchmarks;

/// <summary>What the door does per transaction: decode and verify (cold signature cache) a registration.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private TestConsortium _consortium = null!;
    private TestLedger _ledger = null!;
    private byte[][] _envelopes = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _consortium = new TestConsortium();
        _ledger = new TestLedger(_consortium);
        var maker = _consortium.Transactions("manufacturer");
        _envelopes = Enumerable.Range(0, 200_000).Select(i => maker.Register($"BENCH-{i}")).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    /// <summary>Full door check of a transaction never seen before: decode, membership, ECDSA P-256 verify, JSON.</summary>
    [Benchmark]
    public TxCheck CheckNewTransaction() => _ledger.Validator.Check(_envelopes[_next++ % _envelopes.Length], TestConsortium.Epoch.ToUnixTimeMilliseconds());

    [Benchmark]
    public SignedTransaction DecodeEnvelope() => SignedTransaction.Decode(_envelopes[0]);
}
