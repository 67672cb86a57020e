using BenchmarkDotNet.Attributes;
using Ledger.Core.Identity;
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
    private SignatureVerifier _contexts = null!;
    private SignatureVerifier _tables = null!;
    private byte[] _publicKey = [];
    private (byte[] Digest, byte[] Signature)[] _signed = [];

    [GlobalSetup]
    public void Setup()
    {
        _consortium = new TestConsortium();
        _ledger = new TestLedger(_consortium);
        var maker = _consortium.Transactions("manufacturer");
        _envelopes = Enumerable.Range(0, 200_000).Select(i => maker.Register($"BENCH-{i}")).ToArray();
        _contexts = new SignatureVerifier(tableAfter: -1);
        _tables = new SignatureVerifier(tableAfter: 1, buildInBackground: false);
        _publicKey = maker.Identity.Certificate.PublicKey;
        _signed = _envelopes.Take(1000).Select(e => SignedTransaction.Decode(e)).Select(e => (e.TxId.ToArray(), e.CreatorSignature.ToArray())).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _contexts.Dispose();
        _tables.Dispose();
        _ledger.Dispose();
        _consortium.Dispose();
    }

    /// <summary>Full door check of a transaction never seen before: decode, membership, ECDSA P-256 verify, JSON.</summary>
    [Benchmark]
    public TxCheck CheckNewTransaction() => _ledger.Validator.Check(_envelopes[_next++ % _envelopes.Length], TestConsortium.Epoch.ToUnixTimeMilliseconds());

    [Benchmark]
    public SignedTransaction DecodeEnvelope() => SignedTransaction.Decode(_envelopes[0]);

    /// <summary>One ECDSA P-256 verification through a reused OpenSSL verify context (a key without a table).</summary>
    [Benchmark]
    public bool VerifyThroughContext()
    {
        var (digest, signature) = _signed[_next++ % _signed.Length];
        return _contexts.Verify(_publicKey, digest, signature);
    }

    /// <summary>One ECDSA P-256 verification with the key's table of precomputed multiples.</summary>
    [Benchmark]
    public bool VerifyWithTable()
    {
        var (digest, signature) = _signed[_next++ % _signed.Length];
        return _tables.Verify(_publicKey, digest, signature);
    }
}
