using Ledger.Storage;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Storage.Tests.KeyValue;

public sealed class RocksDbKeyValueStoreTests : KeyValueStoreContractTests
{
    private readonly TempDirectory _directory;

    public RocksDbKeyValueStoreTests()
        : this(new TempDirectory("rocks-contract"))
    {
    }

    private RocksDbKeyValueStoreTests(TempDirectory directory)
        : base(RocksDbKeyValueStore.Open(directory.Combine("db")))
    {
        _directory = directory;
    }

    private string DbPath => _directory.Combine("db");

    private void Reopen()
    {
        Store.Dispose();
        Replace(RocksDbKeyValueStore.Open(DbPath));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }

    [Fact]
    public void Data_survives_closing_and_reopening()
    {
        Write(b =>
        {
            foreach (var column in ColumnNames.All)
            {
                b.Put(column, S("k"), S(ColumnNames.Of(column)));
                b.Put(column, S("gone"), S("x"));
            }
        });
        Write(b =>
        {
            b.Delete(Column.State, S("gone"));
            b.Put(Column.Blocks, S("k"), S("overwritten"));
        });

        Reopen();

        Assert.Equal(S("overwritten"), Store.Get(Column.Blocks, S("k")));
        Assert.Equal(S("state"), Store.Get(Column.State, S("k")));
        Assert.Null(Store.Get(Column.State, S("gone")));
        Assert.Equal(S("x"), Store.Get(Column.Meta, S("gone")));
        Assert.Equal(Hex(S("gone"), S("k")), Keys(Store.Iterate(Column.History, [], null)));
    }

    [Fact]
    public void Many_batches_survive_reopening_several_times()
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                Put(Column.Blocks, [(byte)round, (byte)i], [(byte)(round * 10 + i)]);
            }

            Reopen();
        }

        var all = Store.Iterate(Column.Blocks, [], null).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (byte)i), all.Select(e => e.Value.Single()));
    }

    [Fact]
    public void Unwritten_batch_is_not_there_after_reopening()
    {
        Put(Column.State, S("written"), S("1"));
        var batch = Store.CreateWriteBatch();
        batch.Put(Column.State, S("unwritten"), S("2"));
        batch.Dispose();

        Reopen();

        Assert.Equal(S("1"), Store.Get(Column.State, S("written")));
        Assert.Null(Store.Get(Column.State, S("unwritten")));
    }

    [Fact]
    public void Second_open_of_a_folder_in_use_is_refused()
    {
        Assert.ThrowsAny<RocksDbSharp.RocksDbException>(() => RocksDbKeyValueStore.Open(DbPath).Dispose());

        // the refused open must not have disturbed the open store
        Put(Column.State, S("still"), S("works"));
        Assert.Equal(S("works"), Store.Get(Column.State, S("still")));
    }

    [Fact]
    public void Opening_creates_a_missing_folder()
    {
        var path = _directory.Combine("nested", "deeper", "db");

        using (var store = RocksDbKeyValueStore.Open(path))
        {
            Assert.Null(store.Get(Column.State, S("k")));
        }

        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Disk_size_reflects_written_data()
    {
        var before = Store.DiskSizeBytes();
        var value = new byte[64 * 1024];
        new Random(1).NextBytes(value);
        Write(b =>
        {
            for (var i = 0; i < 16; i++)
            {
                b.Put(Column.Blocks, [(byte)i], value);
            }
        });

        Assert.True(before > 0, "a fresh RocksDB folder holds its manifest and options files");
        Assert.True(Store.DiskSizeBytes() >= before + 16 * value.Length, "a synced write lands in the write-ahead log");
    }

    [Fact]
    public void Write_ahead_log_is_bounded_though_a_column_is_written_once()
    {
        // a small column written once holds back every log file after it until it is flushed
        const ulong bound = 2UL * 1024 * 1024;
        var path = _directory.Combine("bounded");
        var value = new byte[256 * 1024];
        new Random(2).NextBytes(value);
        using (var store = RocksDbKeyValueStore.Open(path, bound))
        {
            using (var once = store.CreateWriteBatch())
            {
                once.Put(Column.Meta, S("head"), S("1"));
                store.Write(once);
            }

            for (var i = 0; i < 64; i++)
            {
                using var batch = store.CreateWriteBatch();
                batch.Put(Column.Blocks, [(byte)i], value);
                store.Write(batch);
            }

            // 16 MB written: without the bound all of it stays in the log (the memtables hold 64 MB). With
            // it, a full log makes RocksDB flush the columns that hold it back, in the background, and then
            // delete it: on a busy machine that can take a while, so this waits (a failure waits it all out)
            var logBytes = LogBytes(path);
            for (var waited = 0; logBytes >= 8L * 1024 * 1024 && waited < 300; waited++)
            {
                Thread.Sleep(100);
                logBytes = LogBytes(path);
            }

            Assert.True(logBytes < 8L * 1024 * 1024, $"{logBytes} bytes of write-ahead log kept");
        }

        using var reopened = RocksDbKeyValueStore.Open(path, bound);
        Assert.Equal(S("1"), reopened.Get(Column.Meta, S("head")));
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(value, reopened.Get(Column.Blocks, [(byte)i]));
        }
    }

    private static long LogBytes(string path) => new DirectoryInfo(path).EnumerateFiles("*.log").Sum(f => f.Length);
}
