using System.Buffers.Binary;
using System.Text;
using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Merkle;
using Ledger.Core.Serialization;
using Ledger.Core.Transactions;
using Ledger.Storage;

namespace Ledger.State;

/// <summary>
/// The ledger on a key-value store: blocks by height, the tx index, world state, key history, the
/// contracts' query indexes and the chain head. <see cref="Commit"/> writes a whole block in ONE
/// synced batch, so after a crash the store holds every block up to some height and nothing of the next.
/// Concurrency: any number of readers, one committer (the block applier).
/// </summary>
public sealed class LedgerStore : IDisposable
{
    private static readonly byte[] HeadKey = Encoding.ASCII.GetBytes("head");
    private static readonly byte[] AppliedIndexKey = Encoding.ASCII.GetBytes("applied-index");
    private static readonly byte[] FormatKey = Encoding.ASCII.GetBytes("format");

    /// <summary>
    /// The layout this code reads and writes, recorded with genesis: 2 keys the state tree's records
    /// by version and hash. A store of 1 (no record: the tree keyed by hash alone) is refused.
    /// </summary>
    public const int StoreFormat = 2;

    private readonly IKeyValueStore _store;
    private volatile ChainHead? _head;
    private Block? _genesis;
    private CanonicalWriter? _blockBuffer;
    private CanonicalWriter? _historyBuffer;

    /// <exception cref="InvalidOperationException">The store holds a chain in another layout.</exception>
    public LedgerStore(IKeyValueStore store)
    {
        _store = store;
        _head = ReadHead(store);
        if (_head is not null)
        {
            var format = store.Get(Column.Meta, FormatKey) is { Length: 4 } bytes ? BinaryPrimitives.ReadInt32BigEndian(bytes) : 1;
            if (format != StoreFormat)
            {
                throw new InvalidOperationException(
                    $"the store holds a chain in layout {format}, and this node reads layout {StoreFormat}: move the data folder's db away and start the node again, and it replays the chain from its peers");
            }
        }

        Tree = new StateTree(store);
    }

    /// <summary>The authenticated state tree over this store (every committed root).</summary>
    public StateTree Tree { get; }

    public IKeyValueStore Store => _store;

    /// <summary>The last committed block, or null before genesis.</summary>
    public ChainHead? Head => _head;

    public ulong? LastAppliedIndex
    {
        get
        {
            var bytes = _store.Get(Column.Meta, AppliedIndexKey);
            return bytes is null ? null : BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
    }

    /// <summary>Commits genesis into an empty store, or checks that the store's genesis is this one.</summary>
    /// <exception cref="InvalidOperationException">The store holds another chain.</exception>
    public void InitializeGenesis(Block genesis)
    {
        if (_head is null)
        {
            Commit(new BlockCommit(genesis, [], [], []));
            return;
        }

        var existing = GetBlock(0) ?? throw new InvalidOperationException("the store has a head but no genesis block");
        if (existing.Hash != genesis.Hash)
        {
            throw new InvalidOperationException($"the store holds chain with genesis {existing.Hash}, not {genesis.Hash}");
        }
    }

    /// <summary>The genesis block (cached); null before genesis is committed.</summary>
    public Block? Genesis => _genesis ??= GetBlock(0);

    public Block? GetBlock(ulong height) => GetBlock(_store, height);

    public static Block? GetBlock(IKeyValueReader reader, ulong height)
    {
        var bytes = reader.Get(Column.Blocks, StateKeys.Height(height));
        return bytes is null ? null : Block.Decode(bytes);
    }

    /// <summary>The canonical header bytes of a block, or null.</summary>
    public byte[]? GetHeaderBytes(ulong height) => _store.Get(Column.Headers, StateKeys.Height(height));

    public byte[]? GetBlockBytes(ulong height) => _store.Get(Column.Blocks, StateKeys.Height(height));

    public TxLocation? FindTransaction(Hash32 txId)
    {
        Span<byte> key = stackalloc byte[Hash32.Size];
        txId.WriteTo(key);
        var bytes = _store.Get(Column.TxIndex, key);
        return bytes is null
            ? null
            : new TxLocation(BinaryPrimitives.ReadUInt64BigEndian(bytes), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
    }

    public static byte[]? GetState(IKeyValueReader reader, byte[] stateKey) => reader.Get(Column.State, stateKey);

    public static IEnumerable<KeyValuePair<byte[], byte[]>> RangeState(IKeyValueReader reader, byte[] from, byte[]? to) =>
        reader.Iterate(Column.State, from, to);

    /// <summary>Committed history of a state key, oldest first.</summary>
    public static IEnumerable<HistoryEntry> ReadHistory(IKeyValueReader reader, byte[] stateKey)
    {
        var prefix = StateKeys.HistoryPrefix(stateKey);
        foreach (var (key, value) in reader.Iterate(Column.History, prefix, StateKeys.PrefixEnd(prefix)))
        {
            if (key.Length != prefix.Length + 12)
            {
                continue;
            }

            var height = BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(prefix.Length));
            var index = (int)BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(prefix.Length + 8));
            var txId = new Hash32(value.AsSpan(0, Hash32.Size));
            var isDelete = value[Hash32.Size] == 1;
            var time = BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(Hash32.Size + 1));
            yield return new HistoryEntry(stateKey, height, index, txId, time, isDelete, value[(Hash32.Size + 9)..]);
        }
    }

    /// <summary>
    /// The proof of a state key at committed <paramref name="height"/>: that block's header, the
    /// key's value (null when absent) and its path in the block's state tree.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No block at that height.</exception>
    /// <exception cref="InvalidOperationException">The key's history disagrees with the tree (a corrupt store).</exception>
    public (BlockHeader Header, byte[]? Value, StateProofPath Path) ProveState(string ns, string key, ulong height)
    {
        var headerBytes = GetHeaderBytes(height) ?? throw new ArgumentOutOfRangeException(nameof(height), $"no block at height {height}");
        var header = BlockHeader.Decode(headerBytes);
        var stateKey = StateKeys.State(ns, key);
        var keyHash = SparseMerkle.KeyHash(stateKey);
        var path = Tree.Prove(header.StateRoot, height, keyHash);
        if (path.Terminal is not { } leaf || leaf.KeyHash != keyHash)
        {
            return (header, null, path);
        }

        // the tree holds only the value's hash: the value comes from the key's history, and must match
        var value = ValueAt(_store, stateKey, height);
        return value is not null && Hash32.Compute(value) == leaf.ValueHash
            ? (header, value, path)
            : throw new InvalidOperationException($"the history of {ns}/{key} does not match the state tree at height {height}");
    }

    /// <summary>
    /// The value a state key had after block <paramref name="height"/> (null if it had none), from
    /// the key's history: the last write at or before that height.
    /// </summary>
    public static byte[]? ValueAt(IKeyValueReader reader, byte[] stateKey, ulong height)
    {
        var prefix = StateKeys.HistoryPrefix(stateKey);
        var end = height == ulong.MaxValue ? StateKeys.PrefixEnd(prefix) : StateKeys.History(stateKey, height + 1, 0);
        byte[]? last = null;
        foreach (var (key, value) in reader.Iterate(Column.History, prefix, end))
        {
            if (key.Length == prefix.Length + 12)
            {
                last = value;
            }
        }

        return last is null || last[Hash32.Size] == 1 ? null : last[(Hash32.Size + 9)..];
    }

    /// <summary>
    /// Writes the block and everything it changes in one synced batch and advances the head.
    /// The block must be the next one: height = head + 1 and previous hash = head hash.
    /// </summary>
    /// <exception cref="InvalidOperationException">The block does not follow the head.</exception>
    public void Commit(BlockCommit commit)
    {
        var block = commit.Block;
        var header = block.Header;
        var head = _head;
        if (head is null ? header.Height != 0 : header.Height != head.Height + 1 || header.PreviousHash != head.Hash)
        {
            throw new InvalidOperationException($"block {header.Height} does not follow head {head?.Height.ToString() ?? "(none)"}");
        }

        using var batch = _store.CreateWriteBatch();
        // encode into one buffer kept from block to block (there is one committer, and the batch copies
        // what it is given): blocks are megabytes, and a new buffer each time is a large-object-heap
        // allocation, which the GC pays for with full collections
        var encoded = _blockBuffer ??= new CanonicalWriter();
        encoded.Reset();
        encoded.Reserve(block.EstimatedSize());
        block.WriteTo(encoded);
        batch.Put(Column.Blocks, StateKeys.Height(header.Height), encoded.WrittenSpan);
        batch.Put(Column.Headers, StateKeys.Height(header.Height), header.Encode());

        Span<byte> location = stackalloc byte[12];
        Span<byte> txKey = stackalloc byte[Hash32.Size];
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            // only authentically signed transactions spend their txId (and a duplicate must not
            // overwrite the location of the transaction it repeats)
            if (!block.Transactions[i].Code.SpendsTxId())
            {
                continue;
            }

            block.Transactions[i].TxId.WriteTo(txKey);

            BinaryPrimitives.WriteUInt64BigEndian(location, header.Height);
            BinaryPrimitives.WriteUInt32BigEndian(location[8..], (uint)i);
            batch.Put(Column.TxIndex, txKey, location);
        }

        Write(batch, Column.State, commit.Writes);
        Write(batch, Column.Index, commit.IndexWrites ?? []);

        // one writer for every history value of the block, as for the block: the batch copies what it is given
        var history = _historyBuffer ??= new CanonicalWriter();
        foreach (var entry in commit.History)
        {
            // txId, delete flag, block time, then the value to the end of the record (see ReadHistory)
            history.Reset();
            history.WriteHash(entry.TxId).WriteBool(entry.IsDelete).WriteInt64(entry.BlockTimeUnixMs).WriteRaw(entry.Value);
            batch.Put(Column.History, StateKeys.History(entry.StateKey, entry.Height, entry.TxIndex), history.WrittenSpan);
        }

        Span<byte> nodeKey = stackalloc byte[StateTree.RecordKeySize];
        // in key order (one version, so by hash): each memtable insert then starts near the last one
        var nodes = commit.TreeNodes.ToArray();
        Array.Sort(nodes, static (a, b) => a.Hash.CompareTo(b.Hash));
        foreach (var node in nodes)
        {
            if (node.Version != header.Height)
            {
                throw new InvalidOperationException($"a state tree record of version {node.Version} in block {header.Height}");
            }

            node.WriteKey(nodeKey);
            batch.Put(Column.StateTree, nodeKey, node.Encoded);
        }

        var newHead = new ChainHead(header.Height, block.Hash, header.StateRoot, header.BlockTimeUnixMs);
        batch.Put(Column.Meta, HeadKey, EncodeHead(newHead));
        if (head is null)
        {
            var format = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(format, StoreFormat);
            batch.Put(Column.Meta, FormatKey, format);
        }

        if (commit.AppliedIndex is { } applied)
        {
            batch.Put(Column.Meta, AppliedIndexKey, StateKeys.Height(applied));
        }

        _store.Write(batch);
        Tree.Committed(commit.TreeNodes, commit.SupersededTreeNodes);
        _head = newHead;
    }

    /// <summary>Puts each write's value, or deletes its key when it has none.</summary>
    private static void Write(IWriteBatch batch, Column column, IReadOnlyList<StateWrite> writes)
    {
        foreach (var write in writes)
        {
            if (write.Value is null)
            {
                batch.Delete(column, write.Key);
            }
            else
            {
                batch.Put(column, write.Key, write.Value);
            }
        }
    }

    /// <summary>Closes the underlying store.</summary>
    public void Dispose() => _store.Dispose();

    private static byte[] EncodeHead(ChainHead head)
    {
        var bytes = new byte[8 + 2 * Hash32.Size + 8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, head.Height);
        head.Hash.WriteTo(bytes.AsSpan(8));
        head.StateRoot.WriteTo(bytes.AsSpan(8 + Hash32.Size));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8 + 2 * Hash32.Size), head.BlockTimeUnixMs);
        return bytes;
    }

    /// <summary>The head as recorded in a store or snapshot.</summary>
    public static ChainHead? ReadHead(IKeyValueReader store)
    {
        var bytes = store.Get(Column.Meta, HeadKey);
        if (bytes is null)
        {
            return null;
        }

        return new ChainHead(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            new Hash32(bytes.AsSpan(8, Hash32.Size)),
            new Hash32(bytes.AsSpan(8 + Hash32.Size, Hash32.Size)),
            BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8 + 2 * Hash32.Size)));
    }
}
