using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Storage.Tests.State;

/// <summary>LedgerStore on RocksDB across closing and reopening the database.</summary>
public sealed class LedgerStoreRocksDbTests : IDisposable
{
    private readonly TempDirectory _directory = new("ledger-rocks");
    private readonly TestConsortium _consortium = new();

    public void Dispose()
    {
        _consortium.Dispose();
        _directory.Dispose();
    }

    private string DbPath => _directory.Combine("db");

    [Fact]
    public void Head_blocks_index_state_and_history_survive_reopening()
    {
        var manufacturer = _consortium.Transactions("manufacturer");
        var register = manufacturer.Register("SY215C-0100");
        var propose = manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "SY215C0100", to = "exporter" });
        var stateKey = StateKeys.State("equipment", "machine/SY215C0100");
        ChainHead head;
        byte[][] blocks;
        byte[] state;
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            ledger.Commit(register);
            ledger.Commit(propose);
            head = ledger.Ledger.Head!;
            blocks = Enumerable.Range(0, 3).Select(h => ledger.Ledger.GetBlockBytes((ulong)h)!).ToArray();
            state = LedgerStore.GetState(ledger.Ledger.Store, stateKey)!;
        }

        using var reopened = new LedgerStore(RocksDbKeyValueStore.Open(DbPath));

        Assert.Equal(head, reopened.Head);
        Assert.Equal(2UL, reopened.Head!.Height);
        Assert.Equal(blocks, Enumerable.Range(0, 3).Select(h => reopened.GetBlockBytes((ulong)h)!));
        Assert.Equal(_consortium.Genesis.Hash, reopened.Genesis!.Hash);
        Assert.Equal(new TxLocation(1, 0), reopened.FindTransaction(TxFactory.TxIdOf(register)));
        Assert.Equal(new TxLocation(2, 0), reopened.FindTransaction(TxFactory.TxIdOf(propose)));
        Assert.Equal(state, LedgerStore.GetState(reopened.Store, stateKey));
        Assert.Equal([1UL, 2], LedgerStore.ReadHistory(reopened.Store, stateKey).Select(h => h.Height));
    }

    [Fact]
    public void Reopened_store_accepts_its_genesis_and_refuses_another()
    {
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            ledger.Commit(_consortium.Transactions("manufacturer").Register("EX-1"));
        }

        using var other = new TestConsortium();
        using var reopened = new LedgerStore(RocksDbKeyValueStore.Open(DbPath));

        reopened.InitializeGenesis(_consortium.Genesis);
        Assert.Throws<InvalidOperationException>(() => reopened.InitializeGenesis(other.Genesis));
        Assert.Equal(1UL, reopened.Head!.Height);
    }

    [Fact]
    public void Reopened_chain_continues_from_its_head()
    {
        long lastTime;
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            lastTime = ledger.Commit(_consortium.Transactions("manufacturer").Register("CU-1")).Header.BlockTimeUnixMs;
        }

        using var reopened = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath));
        var head = reopened.Ledger.Head!;
        var envelope = _consortium.Transactions("manufacturer").Register("CU-2");
        var commit = reopened.Executor.Execute(reopened.Ledger, [envelope], lastTime + 1000, "test-node", appliedIndex: 3);
        reopened.Ledger.Commit(commit);

        Assert.Equal(head.Height + 1, reopened.Ledger.Head!.Height);
        Assert.Equal(head.Hash, commit.Block.Header.PreviousHash);
        Assert.Equal(ValidationCode.Valid, commit.Block.Transactions.Single().Code);
        Assert.Equal(3UL, reopened.Ledger.LastAppliedIndex);
    }

    [Fact]
    public void Refused_commit_leaves_nothing_behind_after_reopening()
    {
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            var block = ledger.Commit(_consortium.Transactions("manufacturer").Register("CU-3"));
            var again = new BlockCommit(block, [new StateWrite(StateKeys.State("equipment", "x"), [1])], [], []);
            Assert.Throws<InvalidOperationException>(() => ledger.Ledger.Commit(again));
        }

        using var reopened = new LedgerStore(RocksDbKeyValueStore.Open(DbPath));

        Assert.Equal(1UL, reopened.Head!.Height);
        Assert.Null(LedgerStore.GetState(reopened.Store, StateKeys.State("equipment", "x")));
        Assert.Null(reopened.GetBlock(2));
    }

    [Fact]
    public void A_store_of_the_earlier_layout_is_refused_and_left_as_it_was()
    {
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            ledger.Commit(_consortium.Transactions("manufacturer").Register("CU-4"));

            // a store the earlier layout wrote has a head and no format record
            using var batch = ledger.Ledger.Store.CreateWriteBatch();
            batch.Delete(Column.Meta, "format"u8);
            ledger.Ledger.Store.Write(batch);
        }

        using var store = RocksDbKeyValueStore.Open(DbPath);
        var error = Assert.Throws<InvalidOperationException>(() => new LedgerStore(store));

        Assert.Contains("layout 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"layout {LedgerStore.StoreFormat}", error.Message, StringComparison.Ordinal);
        Assert.NotNull(LedgerStore.ReadHead(store));
        Assert.NotNull(LedgerStore.GetBlock(store, 1));
    }

    [Fact]
    public void A_new_store_records_its_layout_with_genesis()
    {
        using (var ledger = new TestLedger(_consortium, RocksDbKeyValueStore.Open(DbPath)))
        {
            Assert.Equal(0UL, ledger.Ledger.Head!.Height);
        }

        using var store = RocksDbKeyValueStore.Open(DbPath);
        Assert.Equal([0, 0, 0, (byte)LedgerStore.StoreFormat], store.Get(Column.Meta, "format"u8));
        using var reopened = new LedgerStore(store);
        Assert.Equal(0UL, reopened.Head!.Height);
    }
}
