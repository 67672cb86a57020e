using System.Text.Json;
using Ledger.Chaincode.Equipment;
using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>The contracts' query indexes: kept with each block, outside the state tree and the key history.</summary>
public sealed class QueryIndexTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly TxFactory _maker;

    public QueryIndexTests()
    {
        _ledger = new TestLedger(_consortium, contracts: [new EquipmentContract(), new IdentityContract(), new ProbeContract()]);
        _maker = _consortium.Transactions("manufacturer");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private byte[] Put(string index, params string[] entry) => _maker.Envelope("probe", "IndexPut", new { index, entry });

    private byte[] Delete(string index, params string[] entry) => _maker.Envelope("probe", "IndexDelete", new { index, entry });

    private byte[] Read(object args) => _maker.Envelope("probe", "IndexRead", args);

    private string[] Query(object args)
    {
        var result = _ledger.Query(Read(args));
        Assert.True(result.IsSuccess, result.Reason);
        return JsonSerializer.Deserialize<string[]>(result.Result)!;
    }

    private static IReadOnlyList<(byte[] Key, byte[] Value)> Column(TestLedger ledger, Column column) =>
        ledger.Ledger.Store.Iterate(column, [], null).Select(kv => (kv.Key, kv.Value)).ToArray();

    [Fact]
    public void Entries_are_read_in_order_by_exact_attribute_prefix_and_in_pages()
    {
        _ledger.Commit(Put("tag", "x", "m2"), Put("tag", "x", "m1"), Put("tag", "xy", "m3"), Put("tag", "x", "m4"), Put("other", "x", "m9"));

        Assert.Equal(["x/m1", "x/m2", "x/m4"], Query(new { index = "tag", prefix = new[] { "x" } }));
        Assert.Equal(["x/m1", "x/m2"], Query(new { index = "tag", prefix = new[] { "x" }, limit = 2 }));
        Assert.Equal(["x/m4"], Query(new { index = "tag", prefix = new[] { "x" }, after = new[] { "x", "m2" } }));
        Assert.Equal(["x/m1", "x/m2", "x/m4", "xy/m3"], Query(new { index = "tag", prefix = Array.Empty<string>() }));
        Assert.Empty(Query(new { index = "tag", prefix = new[] { "x" }, after = new[] { "x", "m4" } }));
        // an "after" outside the prefix neither widens nor breaks the read
        Assert.Equal(["x/m1", "x/m2", "x/m4"], Query(new { index = "tag", prefix = new[] { "x" }, after = new[] { "a" } }));
        Assert.Empty(Query(new { index = "tag", prefix = new[] { "x" }, after = new[] { "z" } }));
    }

    [Fact]
    public void A_transaction_reads_the_entries_of_earlier_transactions_of_its_block_over_the_committed_ones()
    {
        _ledger.Commit(Put("tag", "x", "a"), Put("tag", "x", "c"), Put("tag", "x", "e"));

        var block = _ledger.Commit(
            Delete("tag", "x", "c"),
            Put("tag", "x", "b"),
            Put("tag", "x", "f"),
            Read(new { index = "tag", prefix = new[] { "x" } }),
            Read(new { index = "tag", prefix = new[] { "x" }, after = new[] { "x", "a" }, limit = 2 }));

        Assert.All(block.Transactions, t => Assert.Equal(ValidationCode.Valid, t.Code));
        Assert.Equal("[\"x/a\",\"x/b\",\"x/e\",\"x/f\"]", block.Transactions[3].Result);
        Assert.Equal("[\"x/b\",\"x/e\"]", block.Transactions[4].Result);
        Assert.Equal(["x/a", "x/b", "x/e", "x/f"], Query(new { index = "tag", prefix = new[] { "x" } }));
    }

    [Fact]
    public void Entries_change_neither_the_state_root_nor_any_key_history()
    {
        var before = _ledger.Ledger.Head!;
        var historyBefore = Column(_ledger, Storage.Column.History).Count;

        var block = _ledger.Commit(Put("tag", "x", "a"), Delete("tag", "x", "none"));

        Assert.All(block.Transactions, t => Assert.Equal(ValidationCode.Valid, t.Code));
        Assert.Equal(before.StateRoot, block.Header.StateRoot);
        Assert.Equal(historyBefore, Column(_ledger, Storage.Column.History).Count);
        Assert.Single(Column(_ledger, Storage.Column.Index));
    }

    [Fact]
    public void A_rejected_transaction_leaves_no_entry()
    {
        var block = _ledger.Commit(_maker.Envelope("probe", "IndexPutThenReject", new { index = "tag", entry = new[] { "x", "a" } }));

        Assert.Equal(ValidationCode.ContractRejected, Assert.Single(block.Transactions).Code);
        Assert.Empty(Column(_ledger, Storage.Column.Index));
        Assert.Empty(Query(new { index = "tag", prefix = new[] { "x" } }));
    }

    [Fact]
    public void A_query_cannot_change_an_index()
    {
        var result = _ledger.Query(Put("tag", "x", "a"));

        Assert.Equal(ValidationCode.ContractFailed, result.Code);
        Assert.Contains("cannot change state", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Column(_ledger, Storage.Column.Index));
    }

    [Theory]
    [InlineData("", new[] { "x" }, "an index needs a name")]
    [InlineData("tag", new string[0], "at least one attribute")]
    [InlineData("tag", new[] { "x\0y" }, "cannot contain U+0000")]
    public void A_bad_entry_fails_the_call_and_writes_nothing(string index, string[] entry, string reason)
    {
        var block = _ledger.Commit(Put(index, entry), Put("tag", "ok"));

        Assert.Equal(ValidationCode.ContractFailed, block.Transactions[0].Code);
        Assert.Contains(reason, block.Transactions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(ValidationCode.Valid, block.Transactions[1].Code);
        Assert.Equal(["ok"], Query(new { index = "tag", prefix = Array.Empty<string>() }));
    }

    [Fact]
    public void An_entry_longer_than_a_state_key_may_be_fails_the_call()
    {
        var block = _ledger.Commit(Put("tag", new string('k', ExecutionLimits.MaxKeyBytes)));

        Assert.Equal(ValidationCode.ContractFailed, Assert.Single(block.Transactions).Code);
        Assert.Contains("at most", block.Transactions[0].Reason, StringComparison.Ordinal);
        Assert.Empty(Column(_ledger, Storage.Column.Index));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ExecutionLimits.MaxIndexEntries + 1)]
    public void A_read_of_no_entries_or_too_many_fails(int limit)
    {
        var result = _ledger.Query(Read(new { index = "tag", prefix = new[] { "x" }, limit }));

        Assert.Equal(ValidationCode.ContractFailed, result.Code);
        Assert.Contains($"1 to {ExecutionLimits.MaxIndexEntries} entries", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Replaying_the_blocks_on_a_fresh_store_rebuilds_the_same_index()
    {
        var maker = _consortium.Transactions("manufacturer");
        _ledger.Commit(maker.Register("IDX-1"), maker.Register("IDX-2"), Put("tag", "x", "a"));
        _ledger.Commit(
            maker.Envelope("equipment", "ProposeTransfer", new { id = "IDX1", to = "exporter" }),
            Delete("tag", "x", "a"),
            Put("tag", "y", "b"));
        var exporter = _consortium.Transactions("exporter");
        _ledger.Commit(exporter.Envelope("equipment", "AcceptTransfer", new { id = "IDX1" }));

        using var replay = new TestLedger(_consortium, contracts: [new EquipmentContract(), new IdentityContract(), new ProbeContract()]);
        for (var height = 1UL; height <= _ledger.Ledger.Head!.Height; height++)
        {
            var original = _ledger.Ledger.GetBlock(height)!;
            var commit = replay.Executor.Execute(replay.Ledger, original.Transactions.Select(t => t.Envelope).ToArray(), original.Header.BlockTimeUnixMs, original.Header.Proposer);
            replay.Ledger.Commit(commit);
            Assert.Equal(original.Hash, commit.Block.Hash);
        }

        var index = Column(_ledger, Storage.Column.Index);
        Assert.Equal(index.Select(e => Convert.ToHexString(e.Key)), Column(replay, Storage.Column.Index).Select(e => Convert.ToHexString(e.Key)));
        // the equipment contract's entries: IDX1 moved to the exporter, IDX2 stayed; and the probe's
        Assert.Equal(5, index.Count);
    }
}
