using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Storage.Tests.State;

/// <summary>LedgerStore on the memory store: genesis, commit rules, the tx index, state and history.</summary>
public sealed class LedgerStoreTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly InMemoryKeyValueStore _store = new();
    private readonly LedgerStore _ledger;
    private readonly TxFactory _manufacturer;

    public LedgerStoreTests()
    {
        _ledger = new LedgerStore(_store);
        _manufacturer = _consortium.Transactions("manufacturer");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private static byte[] Key(string key) => StateKeys.State("equipment", key);

    private TxRecord Valid(string pin) => new(_manufacturer.Register(pin), ValidationCode.Valid, string.Empty, string.Empty, "{}", []);

    private static TxRecord WithCode(TxRecord record, ValidationCode code) => new(record.Envelope, code, "X", "x", string.Empty, []);

    /// <summary>The block after the head with these records, as an executor would cut it.</summary>
    private Block Next(IReadOnlyList<TxRecord>? records = null, ulong? height = null, Hash32? previousHash = null, Hash32? stateRoot = null, long? time = null)
    {
        var head = _ledger.Head!;
        records ??= [];
        var genesis = _consortium.Genesis.Header;
        var header = new BlockHeader(
            BlockHeader.CurrentVersion,
            genesis.ChainId,
            height ?? head.Height + 1,
            previousHash ?? head.Hash,
            Block.ComputeTxRoot(records),
            (uint)records.Count,
            stateRoot ?? Hash32.Compute(BitConverter.GetBytes(head.Height + 1)),
            time ?? head.BlockTimeUnixMs + 1000,
            "node-1",
            genesis.ConfigVersion,
            genesis.ConfigHash);
        return new Block(header, records);
    }

    private void Commit(Block block, IReadOnlyList<StateWrite>? writes = null, IReadOnlyList<HistoryEntry>? history = null, ulong? appliedIndex = null) =>
        _ledger.Commit(new BlockCommit(block, writes ?? [], history ?? [], [], appliedIndex));

    [Fact]
    public void Fresh_store_has_no_head_and_no_genesis()
    {
        Assert.Null(_ledger.Head);
        Assert.Null(_ledger.Genesis);
        Assert.Null(_ledger.GetBlock(0));
        Assert.Null(_ledger.LastAppliedIndex);
    }

    [Fact]
    public void Genesis_initializes_an_empty_store()
    {
        var genesis = _consortium.Genesis;

        _ledger.InitializeGenesis(genesis);

        var head = _ledger.Head!;
        Assert.Equal(0UL, head.Height);
        Assert.Equal(genesis.Hash, head.Hash);
        Assert.Equal(genesis.Header.StateRoot, head.StateRoot);
        Assert.Equal(genesis.Header.BlockTimeUnixMs, head.BlockTimeUnixMs);
        Assert.Equal(genesis.Encode(), _ledger.GetBlockBytes(0));
        Assert.Equal(genesis.Hash, _ledger.GetBlock(0)!.Hash);
        Assert.Equal(genesis.Hash, _ledger.Genesis!.Hash);
        Assert.Equal(1, _store.WriteCount);
        Assert.Equal(head, LedgerStore.ReadHead(_store));
    }

    [Fact]
    public void Initializing_again_with_the_same_genesis_changes_nothing()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);

        _ledger.InitializeGenesis(_consortium.Genesis);
        _ledger.InitializeGenesis(Block.Decode(_consortium.Genesis.Encode()));

        Assert.Equal(1, _store.WriteCount);
        Assert.Equal(_consortium.Genesis.Hash, _ledger.Head!.Hash);
    }

    [Fact]
    public void Initializing_with_another_genesis_throws_and_changes_nothing()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        using var other = new TestConsortium();

        var e = Assert.Throws<InvalidOperationException>(() => _ledger.InitializeGenesis(other.Genesis));

        Assert.Contains(_consortium.Genesis.Hash.ToHex(), e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.WriteCount);
        Assert.Equal(_consortium.Genesis.Hash, _ledger.Head!.Hash);
        Assert.Equal(_consortium.Genesis.Hash, _ledger.GetBlock(0)!.Hash);
    }

    [Fact]
    public void Initializing_a_store_that_has_moved_past_genesis_with_the_same_genesis_is_fine()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        Commit(Next());

        _ledger.InitializeGenesis(_consortium.Genesis);

        Assert.Equal(1UL, _ledger.Head!.Height);
    }

    [Fact]
    public void Block_other_than_genesis_cannot_start_a_chain()
    {
        var header = _consortium.Genesis.Header;
        var block = new Block(new BlockHeader(header.Version, header.ChainId, 1, header.Hash, header.TxRoot, header.TxCount, header.StateRoot, header.BlockTimeUnixMs, "node-1", header.ConfigVersion, header.ConfigHash), []);

        Assert.Throws<InvalidOperationException>(() => Commit(block));

        Assert.Null(_ledger.Head);
        Assert.Equal(0, _store.WriteCount);
    }

    [Fact]
    public void Block_that_does_not_follow_the_head_is_refused_and_changes_nothing()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var first = Next([Valid("PIN-1")]);
        Commit(first, [new StateWrite(Key("machine/PIN1"), [1])]);
        var head = _ledger.Head!;
        var writes = _store.WriteCount;
        var record = Valid("PIN-2");
        Block[] refused =
        [
            Next([record], height: head.Height + 2),
            Next([record], height: head.Height),
            Next([record], previousHash: Hash32.Compute("fork"u8)),
            Next([record], previousHash: _consortium.Genesis.Hash),
            _consortium.Genesis,
        ];

        foreach (var block in refused)
        {
            Assert.Throws<InvalidOperationException>(() => Commit(block, [new StateWrite(Key("machine/PIN1"), null), new StateWrite(Key("machine/PIN2"), [2])], appliedIndex: 99));
        }

        Assert.Equal(writes, _store.WriteCount);
        Assert.Equal(head, _ledger.Head);
        Assert.Equal(head, LedgerStore.ReadHead(_store));
        Assert.Null(_ledger.GetBlock(2));
        Assert.Equal(first.Encode(), _ledger.GetBlockBytes(1));
        Assert.Null(_ledger.FindTransaction(record.TxId));
        Assert.Equal([1], LedgerStore.GetState(_store, Key("machine/PIN1")));
        Assert.Null(LedgerStore.GetState(_store, Key("machine/PIN2")));
        Assert.Null(_ledger.LastAppliedIndex);
    }

    [Fact]
    public void Commit_writes_the_block_and_everything_it_changes_in_one_batch()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var records = new[] { Valid("PIN-1"), Valid("PIN-2") };
        var block = Next(records);
        var writesBefore = _store.WriteCount;

        Commit(
            block,
            [new StateWrite(Key("machine/PIN1"), [1]), new StateWrite(Key("machine/PIN2"), [2])],
            [new HistoryEntry(Key("machine/PIN1"), 1, 0, records[0].TxId, block.Header.BlockTimeUnixMs, false, [1])],
            appliedIndex: 7);

        Assert.Equal(writesBefore + 1, _store.WriteCount);
        Assert.Equal(new ChainHead(1, block.Hash, block.Header.StateRoot, block.Header.BlockTimeUnixMs), _ledger.Head);
        Assert.Equal(block.Encode(), _ledger.GetBlockBytes(1));
        Assert.Equal(new TxLocation(1, 1), _ledger.FindTransaction(records[1].TxId));
        Assert.Equal([2], LedgerStore.GetState(_store, Key("machine/PIN2")));
        Assert.Single(LedgerStore.ReadHistory(_store, Key("machine/PIN1")));
        Assert.Equal(7UL, _ledger.LastAppliedIndex);
    }

    [Fact]
    public void Find_transaction_locates_every_transaction_that_spends_its_tx_id()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var a = Valid("PIN-A");
        var b = WithCode(Valid("PIN-B"), ValidationCode.ContractRejected);
        var c = WithCode(Valid("PIN-C"), ValidationCode.RevokedIdentity);
        Commit(Next([a]));
        Commit(Next([b, c]));

        Assert.Equal(new TxLocation(1, 0), _ledger.FindTransaction(a.TxId));
        Assert.Equal(new TxLocation(2, 0), _ledger.FindTransaction(b.TxId));
        Assert.Equal(new TxLocation(2, 1), _ledger.FindTransaction(c.TxId));
        Assert.Null(_ledger.FindTransaction(Hash32.Compute("never submitted"u8)));
    }

    [Theory]
    [InlineData(ValidationCode.MalformedTransaction)]
    [InlineData(ValidationCode.WrongChain)]
    [InlineData(ValidationCode.PayloadTooLarge)]
    [InlineData(ValidationCode.UnknownIdentity)]
    [InlineData(ValidationCode.BadSignature)]
    [InlineData(ValidationCode.DuplicateTransaction)]
    public void Transaction_that_does_not_spend_its_tx_id_is_not_indexed(ValidationCode code)
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var record = WithCode(Valid("PIN-X"), code);

        Commit(Next([record]));

        Assert.Null(_ledger.FindTransaction(record.TxId));
        Assert.Single(_ledger.GetBlock(1)!.Transactions);
    }

    [Fact]
    public void Recorded_duplicate_does_not_move_the_original_transaction()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var original = Valid("PIN-D");
        Commit(Next([original]));

        Commit(Next([Valid("PIN-E"), WithCode(original, ValidationCode.DuplicateTransaction)]));

        Assert.Equal(new TxLocation(1, 0), _ledger.FindTransaction(original.TxId));
    }

    [Fact]
    public void State_writes_put_and_delete_keys_and_ranges_stay_within_a_namespace()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        Commit(Next(), [
            new StateWrite(StateKeys.State("equipment", "machine/A"), [1]),
            new StateWrite(StateKeys.State("equipment", "machine/B"), [2]),
            new StateWrite(StateKeys.State("equipmentx", "machine/A"), [3]),
            new StateWrite(StateKeys.State("identity", "revoked/x"), [4]),
        ]);

        Commit(Next(), [new StateWrite(StateKeys.State("equipment", "machine/A"), null)]);

        Assert.Null(LedgerStore.GetState(_store, StateKeys.State("equipment", "machine/A")));
        var (from, to) = StateKeys.NamespaceRange("equipment");
        var range = LedgerStore.RangeState(_store, from, to).ToList();
        Assert.Equal(["machine/B"], range.Select(e => StateKeys.KeyOf(e.Key, "equipment")));
        Assert.Equal([3], LedgerStore.GetState(_store, StateKeys.State("equipmentx", "machine/A")));
    }

    [Fact]
    public void History_reads_back_oldest_first_with_every_field()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var key = Key("machine/H");
        var tx = Enumerable.Range(0, 6).Select(i => Hash32.Compute([(byte)i])).ToArray();
        // heights above 255 and 65535 check that the order is numeric (big-endian), not by low byte;
        // entries are given out of order on purpose
        Commit(Next(), history: [
            new HistoryEntry(key, 65_536, 0, tx[5], 6000, false, [6]),
            new HistoryEntry(key, 256, 1, tx[4], 5000, true, []),
            new HistoryEntry(key, 256, 0, tx[3], 4000, false, [4, 4]),
            new HistoryEntry(key, 2, 10, tx[2], 3000, false, [3]),
            new HistoryEntry(key, 2, 2, tx[1], 2000, false, [2]),
            new HistoryEntry(key, 1, 0, tx[0], 1000, false, [1]),
        ]);

        var history = LedgerStore.ReadHistory(_store, key).ToList();

        Assert.Equal([(1UL, 0), (2UL, 2), (2UL, 10), (256UL, 0), (256UL, 1), (65_536UL, 0)], history.Select(h => (h.Height, h.TxIndex)));
        Assert.Equal(tx, history.Select(h => h.TxId));
        Assert.Equal([1000L, 2000, 3000, 4000, 5000, 6000], history.Select(h => h.BlockTimeUnixMs));
        Assert.Equal([false, false, false, false, true, false], history.Select(h => h.IsDelete));
        Assert.Equal([[1], [2], [3], [4, 4], [], [6]], history.Select(h => h.Value));
        Assert.All(history, h => Assert.Equal(key, h.StateKey));
    }

    [Fact]
    public void History_of_a_key_holds_only_that_key()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var a = Key("a");
        var ab = Key("ab");
        var aZero = StateKeys.State("equipment", "a\0");
        var txId = Hash32.Compute([1]);
        Commit(Next(), history: [
            new HistoryEntry(a, 1, 0, txId, 1, false, [1]),
            new HistoryEntry(ab, 1, 1, txId, 1, false, [2]),
            new HistoryEntry(aZero, 1, 2, txId, 1, false, [3]),
        ]);

        Assert.Equal([[1]], LedgerStore.ReadHistory(_store, a).Select(h => h.Value));
        Assert.Equal([[2]], LedgerStore.ReadHistory(_store, ab).Select(h => h.Value));
        Assert.Equal([[3]], LedgerStore.ReadHistory(_store, aZero).Select(h => h.Value));
        Assert.Empty(LedgerStore.ReadHistory(_store, Key("b")));
    }

    [Fact]
    public void History_accumulates_across_blocks()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        var key = Key("machine/M");
        for (ulong height = 1; height <= 3; height++)
        {
            Commit(Next(), history: [new HistoryEntry(key, height, 0, Hash32.Compute(BitConverter.GetBytes(height)), (long)height, false, [(byte)height])]);
        }

        Assert.Equal([1UL, 2, 3], LedgerStore.ReadHistory(_store, key).Select(h => h.Height));
    }

    [Fact]
    public void Applied_index_is_kept_until_a_commit_sets_another()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);

        Commit(Next(), appliedIndex: 5);
        Commit(Next());
        Assert.Equal(5UL, _ledger.LastAppliedIndex);

        Commit(Next(), appliedIndex: 1UL << 40);
        Assert.Equal(1UL << 40, _ledger.LastAppliedIndex);
    }

    [Fact]
    public void Snapshot_taken_before_a_commit_still_reads_the_old_head_and_blocks()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        using var snapshot = _store.GetSnapshot();

        Commit(Next([Valid("PIN-S")]), [new StateWrite(Key("machine/PINS"), [1])]);

        Assert.Equal(0UL, LedgerStore.ReadHead(snapshot)!.Height);
        Assert.Null(LedgerStore.GetBlock(snapshot, 1));
        Assert.Null(LedgerStore.GetState(snapshot, Key("machine/PINS")));
        Assert.Equal(1UL, LedgerStore.ReadHead(_store)!.Height);
        Assert.NotNull(LedgerStore.GetBlock(_store, 1));
    }

    [Fact]
    public void New_ledger_store_on_a_used_store_reads_its_head()
    {
        _ledger.InitializeGenesis(_consortium.Genesis);
        Commit(Next());
        Commit(Next());

        var again = new LedgerStore(_store);

        Assert.Equal(_ledger.Head, again.Head);
        Assert.Equal(_consortium.Genesis.Hash, again.Genesis!.Hash);
    }
}
