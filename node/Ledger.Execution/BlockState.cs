using Ledger.Core;
using Ledger.State;
using Ledger.Storage;


namespace Ledger.Execution;

/// <summary>
/// The world state while a block executes: committed state under the writes of the block's valid
/// transactions so far. Not thread-safe (transactions run one after another).
/// </summary>
internal sealed class BlockState(IKeyValueReader committed, ulong height, long blockTimeUnixMs)
{
    private readonly SortedDictionary<byte[], byte[]?> _writes = new(ByteArrayComparer.Instance);
    private readonly SortedDictionary<byte[], bool> _indexWrites = new(ByteArrayComparer.Instance);
    private readonly List<HistoryEntry> _history = [];
    private readonly HashSet<Hash32> _txIds = [];

    public IKeyValueReader Committed => committed;

    public ulong Height => height;

    public long BlockTimeUnixMs => blockTimeUnixMs;

    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>Marks a txId as seen in this block; false when it was seen already.</summary>
    public bool AddTxId(Hash32 txId) => _txIds.Add(txId);

    public byte[]? Get(byte[] key) =>
        _writes.TryGetValue(key, out var pending) ? pending : LedgerStore.GetState(committed, key);

    public IEnumerable<KeyValuePair<byte[], byte[]?>> PendingRange(byte[] from, byte[]? to) => Range(_writes, from, to);

    /// <summary>The index entries this block has added (true) or removed (false) so far.</summary>
    public SortedDictionary<byte[], bool> IndexWrites => _indexWrites;

    public static IEnumerable<KeyValuePair<byte[], TValue>> Range<TValue>(SortedDictionary<byte[], TValue> writes, byte[] from, byte[]? to)
    {
        var comparer = ByteArrayComparer.Instance;
        foreach (var entry in writes)
        {
            if (comparer.Compare(entry.Key, from) < 0)
            {
                continue;
            }

            if (to is not null && comparer.Compare(entry.Key, to) >= 0)
            {
                yield break;
            }

            yield return entry;
        }
    }

    public IEnumerable<HistoryEntry> PendingHistory(byte[] key)
    {
        foreach (var entry in _history)
        {
            if (entry.StateKey.AsSpan().SequenceEqual(key))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Applies a valid transaction's writes (recording their history) and its index entries.</summary>
    public void Apply(SortedDictionary<byte[], byte[]?> txWrites, SortedDictionary<byte[], bool> txIndexWrites, int txIndex, Hash32 txId)
    {
        foreach (var (key, value) in txWrites)
        {
            _writes[key] = value;
            _history.Add(new HistoryEntry(key, height, txIndex, txId, blockTimeUnixMs, value is null, value ?? []));
        }

        foreach (var (key, present) in txIndexWrites)
        {
            _indexWrites[key] = present;
        }
    }

    /// <summary>The block's final write set in key order.</summary>
    public IReadOnlyList<StateWrite> FinalWrites() => _writes.Select(w => new StateWrite(w.Key, w.Value)).ToArray();

    /// <summary>The block's final index changes in key order: a null value removes the entry.</summary>
    public IReadOnlyList<StateWrite> FinalIndexWrites() => _indexWrites.Select(w => new StateWrite(w.Key, w.Value ? [] : null)).ToArray();
}
