using Ledger.Core.Blocks;
using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Storage.Tests.State;

/// <summary>The same consortium and envelopes give byte-identical chains on fresh stores of either kind.</summary>
public sealed class LedgerDeterminismTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TempDirectory _directory = new("ledger-determinism");
    private readonly byte[][][] _blocks;

    public LedgerDeterminismTests()
    {
        var manufacturer = _consortium.Transactions("manufacturer");
        var exporter = _consortium.Transactions("exporter");
        using var outsiderCa = Ledger.Core.Identity.CertificateAuthority.Create("dealer", "dealer", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        using var outsiderIdentity = outsiderCa.Issue("eve", "client", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        var outsider = new TxFactory(outsiderIdentity, _consortium.Config.ChainId);
        var register = manufacturer.Register("SY215C-7001");
        _blocks =
        [
            [register, manufacturer.Register("SY215C-7002"), register],                     // a duplicate inside the block
            [register, manufacturer.Register("sy215c 7001"), outsider.Register("DL-1")],    // duplicate across blocks, same PIN, unknown org
            [],
            [
                manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "SY215C7001", to = "exporter" }),
                manufacturer.Envelope("equipment", "Register", "{}", chain: "other-chain"),
                manufacturer.Envelope("nope", "Register", "{}"),
                [1, 2, 3],
            ],
            [exporter.Envelope("equipment", "AcceptTransfer", new { id = "SY215C7001" }), exporter.Envelope("equipment", "Register", "not json")],
        ];
    }

    public void Dispose()
    {
        _consortium.Dispose();
        _directory.Dispose();
    }

    /// <summary>Commits every test block on a fresh store; returns the chain as read back and each column's contents.</summary>
    private (List<Block> Chain, Dictionary<Column, List<KeyValuePair<string, string>>> Contents) Run(IKeyValueStore store)
    {
        using var ledger = new TestLedger(_consortium, store);
        foreach (var envelopes in _blocks)
        {
            ledger.Commit(envelopes);
        }

        // read back through the store, as another node would serve them
        var chain = Enumerable.Range(0, _blocks.Length + 1).Select(h => ledger.Ledger.GetBlock((ulong)h)!).ToList();
        var contents = ColumnNames.All.ToDictionary(c => c, c => store.Iterate(c, [], null)
            .Select(e => KeyValuePair.Create(Convert.ToHexString(e.Key), Convert.ToHexString(e.Value))).ToList());
        return (chain, contents);
    }

    [Fact]
    public void Two_fresh_memory_stores_fed_the_same_blocks_produce_identical_chains()
    {
        var (a, aContents) = Run(new InMemoryKeyValueStore());
        var (b, bContents) = Run(new InMemoryKeyValueStore());

        Assert.Equal(a.Select(x => x.Hash), b.Select(x => x.Hash));
        Assert.Equal(a.Select(x => x.Encode()), b.Select(x => x.Encode()));
        Assert.Equal(a.Select(x => x.Header.StateRoot), b.Select(x => x.Header.StateRoot));
        Assert.Equal(aContents, bContents);
    }

    [Fact]
    public void Memory_and_rocksdb_stores_fed_the_same_blocks_produce_identical_chains_and_contents()
    {
        var (a, aContents) = Run(new InMemoryKeyValueStore());
        var (b, bContents) = Run(RocksDbKeyValueStore.Open(_directory.Combine("db")));

        Assert.Equal(a.Select(x => x.Encode()), b.Select(x => x.Encode()));
        foreach (var column in ColumnNames.All)
        {
            Assert.Equal(aContents[column], bContents[column]);
        }

        Assert.NotEmpty(aContents[Column.State]);
        Assert.NotEmpty(aContents[Column.History]);
    }

    [Fact]
    public void Test_blocks_exercise_valid_and_rejected_outcomes()
    {
        // guards the determinism tests: they must cover state changes and many rejection paths
        var (chain, _) = Run(new InMemoryKeyValueStore());
        var codes = chain.SelectMany(b => b.Transactions).Select(t => t.Code).ToList();

        Assert.Equal(
            [
                ValidationCode.Valid, ValidationCode.Valid, ValidationCode.DuplicateTransaction,
                ValidationCode.DuplicateTransaction, ValidationCode.ContractRejected, ValidationCode.UnknownIdentity,
                ValidationCode.Valid, ValidationCode.WrongChain, ValidationCode.UnknownContract, ValidationCode.MalformedTransaction,
                ValidationCode.Valid, ValidationCode.BadArguments,
            ],
            codes);
        Assert.Equal(chain[2].Header.StateRoot, chain[3].Header.StateRoot); // a block of rejections only changes no state
        Assert.NotEqual(chain[3].Header.StateRoot, chain[4].Header.StateRoot);
        Assert.Equal(6, chain.Count);
    }

    [Fact]
    public void Chain_built_on_a_store_verifies()
    {
        var verifier = new ChainVerifier();

        foreach (var block in Run(new InMemoryKeyValueStore()).Chain)
        {
            Assert.Null(verifier.Append(block));
        }

        Assert.Equal(6UL, verifier.BlocksVerified);
    }

    [Fact]
    public void Machine_history_records_each_valid_change_in_order()
    {
        using var ledger = new TestLedger(_consortium);
        var chain = _blocks.Select(envelopes => ledger.Commit(envelopes)).ToList();
        var key = StateKeys.State("equipment", "machine/SY215C7001");

        var history = LedgerStore.ReadHistory(ledger.Ledger.Store, key).ToList();

        // registered in block 1, transfer proposed in block 4 and accepted in block 5
        Assert.Equal([(1UL, 0), (4UL, 0), (5UL, 0)], history.Select(h => (h.Height, h.TxIndex)));
        Assert.Equal([chain[0].Transactions[0].TxId, chain[3].Transactions[0].TxId, chain[4].Transactions[0].TxId], history.Select(h => h.TxId));
        Assert.Equal([chain[0].Header.BlockTimeUnixMs, chain[3].Header.BlockTimeUnixMs, chain[4].Header.BlockTimeUnixMs], history.Select(h => h.BlockTimeUnixMs));
        Assert.All(history, h => Assert.False(h.IsDelete));
        Assert.Equal(LedgerStore.GetState(ledger.Ledger.Store, key), history[^1].Value);
        Assert.Contains("\"owner\":\"exporter\"", System.Text.Encoding.UTF8.GetString(history[^1].Value), StringComparison.Ordinal);
    }
}
