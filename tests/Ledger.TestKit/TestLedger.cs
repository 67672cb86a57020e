using Ledger.Chaincode.Abstractions;
using Ledger.Chaincode.Equipment;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.TestKit;

/// <summary>A ledger with the node's executor on any store: executes and commits blocks like a node does.</summary>
public sealed class TestLedger : IDisposable
{
    private readonly SignatureVerifier _verifier = new();
    private long _time;

    public TestLedger(TestConsortium consortium, IKeyValueStore? store = null, IEnumerable<IContract>? contracts = null)
    {
        Ledger = new LedgerStore(store ?? new InMemoryKeyValueStore());
        Ledger.InitializeGenesis(consortium.Genesis);
        var registry = new ContractRegistry(contracts ?? [new EquipmentContract(), new IdentityContract(), new ConsortiumContract(consortium.Config)]);
        Validator = new TransactionValidator(new Membership(consortium.Config), registry, _verifier, new SignatureCache());
        Executor = new BlockExecutor(Validator);
        Queries = new QueryExecutor(Validator);
        _time = consortium.Genesis.Header.BlockTimeUnixMs;
    }

    public LedgerStore Ledger { get; }

    public TransactionValidator Validator { get; }

    public BlockExecutor Executor { get; }

    public QueryExecutor Queries { get; }

    /// <summary>Executes and commits the next block, one second after the previous one.</summary>
    public Block Commit(params byte[][] envelopes)
    {
        _time += 1000;
        var commit = Executor.Execute(Ledger, envelopes, _time, "test-node");
        Ledger.Commit(commit);
        return commit.Block;
    }

    public QueryResult Query(byte[] envelope) => Queries.Evaluate(Ledger, envelope, _time);

    public void Dispose()
    {
        Ledger.Dispose();
        _verifier.Dispose();
    }
}
