using RocksDbSharp;

namespace Ledger.Storage.RocksDb;

/// <summary>
/// The production store: one RocksDB database with a column family per <see cref="Column"/>.
/// Every <see cref="Write"/> is a single synced RocksDB write batch, so it is atomic and durable.
/// Thread-safe for concurrent reads and one writer.
/// </summary>
public sealed class RocksDbKeyValueStore : IKeyValueStore
{
    private readonly RocksDbSharp.RocksDb _db;
    private readonly ColumnFamilyHandle[] _families;
    private readonly WriteOptions _syncWrite = new WriteOptions().SetSync(true);
    private readonly string _path;

    private RocksDbKeyValueStore(string path, RocksDbSharp.RocksDb db)
    {
        _path = path;
        _db = db;
        _families = ColumnNames.All.Select(c => db.GetColumnFamily(ColumnNames.Of(c))).ToArray();
    }

    public const ulong BlockCacheBytes = 256UL * 1024 * 1024;

    /// <summary>
    /// The write-ahead log RocksDB may keep before it flushes the columns that hold it back. A log
    /// file is deleted only once every column with data in it is flushed, and the small columns
    /// (head, headers, tx index) fill their memtables so slowly that without a bound every log since
    /// the start stayed: 1.7 GB per node after 480,000 transactions, all replayed on every restart.
    /// </summary>
    public const ulong MaxTotalWalBytes = 256UL * 1024 * 1024;

    /// <summary>Opens (creating if missing) the database in <paramref name="path"/>.</summary>
    public static RocksDbKeyValueStore Open(string path) => Open(path, MaxTotalWalBytes);

    /// <summary>Opens the database, keeping at most <paramref name="maxTotalWalBytes"/> of write-ahead log.</summary>
    public static RocksDbKeyValueStore Open(string path, ulong maxTotalWalBytes)
    {
        Directory.CreateDirectory(path);
        // one block cache for every column, larger than the 32 MB default: the state tree's records are
        // content-addressed (no locality), and a follower's profile spent a fifth of its time re-reading blocks
        var table = new BlockBasedTableOptions()
            .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
            .SetWholeKeyFiltering(true)
            .SetBlockCache(Cache.CreateLru(BlockCacheBytes));
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount))
            .SetMaxTotalWalSize(maxTotalWalBytes)
            .SetCompression(Compression.Lz4);
        var families = new ColumnFamilies();
        foreach (var column in ColumnNames.All)
        {
            // state tree records are hashes: compressing them costs CPU and saves nothing
            var cf = new ColumnFamilyOptions()
                .SetBlockBasedTableFactory(table)
                .SetCompression(column == Column.StateTree ? Compression.No : Compression.Lz4)
                .SetWriteBufferSize(64UL * 1024 * 1024);
            if (column is Column.TxIndex or Column.State)
            {
                // most lookups here miss (a new txId, a key not yet written): a bloom filter over the
                // memtable answers those without walking its skip list
                cf.SetMemtablePrefixBloomSizeRatio(0.1);
                Native.Instance.rocksdb_options_set_memtable_whole_key_filtering(cf.Handle, 1);
            }

            if (column is Column.History)
            {
                // append-only (nothing is ever overwritten or deleted), but in key order, not time order:
                // universal compaction rewrites it far less often than leveled compaction would. The
                // blocks and the state tree are keyed by height, so each flushed file sorts after the
                // ones before and leveled compaction moves it down without rewriting it.
                cf.SetCompactionStyle(Compaction.Universal);
            }

            families.Add(ColumnNames.Of(column), cf);
        }

        var db = RocksDbSharp.RocksDb.Open(options, path, families);
        return new RocksDbKeyValueStore(path, db);
    }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => _db.Get(key, _families[(int)column], null);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive) =>
        Scan(_families[(int)column], null, fromInclusive, toExclusive);

    private IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ColumnFamilyHandle family, Snapshot? snapshot, byte[] from, byte[]? to)
    {
        var readOptions = new ReadOptions();
        if (snapshot is not null)
        {
            readOptions.SetSnapshot(snapshot);
        }

        if (to is not null)
        {
            readOptions.SetIterateUpperBound(to);
        }

        using var iterator = _db.NewIterator(family, readOptions);
        for (iterator.Seek(from); iterator.Valid(); iterator.Next())
        {
            yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
        }

        GC.KeepAlive(readOptions);
    }

    public IWriteBatch CreateWriteBatch() => new Batch(_families);

    public void Write(IWriteBatch batch) => _db.Write(((Batch)batch).Inner, _syncWrite);

    public IKeyValueSnapshot GetSnapshot() => new SnapshotReader(this, _db.CreateSnapshot());

    public long DiskSizeBytes()
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(_path).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // RocksDB deleted it (compaction) while we walked the folder
            }
        }

        return total;
    }

    public void Dispose() => _db.Dispose();

    private sealed class Batch(ColumnFamilyHandle[] families) : IWriteBatch
    {
        public WriteBatch Inner { get; } = new();

        public int Count => Inner.Count();

        public void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Inner.Put(key, value, families[(int)column]);

        public void Delete(Column column, ReadOnlySpan<byte> key) => Inner.Delete(key, families[(int)column]);

        public void Dispose() => Inner.Dispose();
    }

    private sealed class SnapshotReader(RocksDbKeyValueStore store, Snapshot snapshot) : IKeyValueSnapshot
    {
        private readonly ReadOptions _read = new ReadOptions().SetSnapshot(snapshot);

        public byte[]? Get(Column column, ReadOnlySpan<byte> key) => store._db.Get(key, store._families[(int)column], _read);

        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive) =>
            store.Scan(store._families[(int)column], snapshot, fromInclusive, toExclusive);

        public void Dispose() => snapshot.Dispose();
    }
}
