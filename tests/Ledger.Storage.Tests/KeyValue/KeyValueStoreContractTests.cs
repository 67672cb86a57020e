using System.Text;
using Ledger.Storage;

namespace Ledger.Storage.Tests.KeyValue;

/// <summary>
/// The <see cref="IKeyValueStore"/> contract, run against every implementation by a derived class:
/// atomic batches, ordered bounded iteration, isolated columns and snapshots.
/// </summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    protected KeyValueStoreContractTests(IKeyValueStore store) => Store = store;

    protected IKeyValueStore Store { get; private set; }

    protected static byte[] B(params byte[] bytes) => bytes;

    protected static byte[] S(string text) => Encoding.UTF8.GetBytes(text);

    protected static List<string> Keys(IEnumerable<KeyValuePair<byte[], byte[]>> entries) =>
        entries.Select(e => Convert.ToHexString(e.Key)).ToList();

    protected static List<string> Hex(params byte[][] keys) => keys.Select(Convert.ToHexString).ToList();

    protected void Put(Column column, byte[] key, byte[] value) => Write(b => b.Put(column, key, value));

    protected void Write(Action<IWriteBatch> fill)
    {
        using var batch = Store.CreateWriteBatch();
        fill(batch);
        Store.Write(batch);
    }

    /// <summary>Replaces the store under test (e.g. after reopening it).</summary>
    protected void Replace(IKeyValueStore store) => Store = store;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Store.Dispose();
        }
    }

    [Fact]
    public void Missing_key_reads_as_null()
    {
        Assert.Null(Store.Get(Column.State, S("nothing")));
        Assert.Empty(Store.Iterate(Column.State, [], null));
    }

    [Fact]
    public void Written_batch_is_visible_to_reads()
    {
        Write(b =>
        {
            b.Put(Column.State, S("a"), S("1"));
            b.Put(Column.State, S("b"), S("2"));
        });

        Assert.Equal(S("1"), Store.Get(Column.State, S("a")));
        Assert.Equal(S("2"), Store.Get(Column.State, S("b")));
    }

    [Fact]
    public void Nothing_in_a_batch_is_visible_before_it_is_written()
    {
        Put(Column.State, S("existing"), S("old"));
        using var batch = Store.CreateWriteBatch();
        batch.Put(Column.State, S("new"), S("1"));
        batch.Put(Column.Blocks, S("new"), S("2"));
        batch.Put(Column.State, S("existing"), S("changed"));
        batch.Delete(Column.State, S("existing"));

        Assert.Null(Store.Get(Column.State, S("new")));
        Assert.Null(Store.Get(Column.Blocks, S("new")));
        Assert.Equal(S("old"), Store.Get(Column.State, S("existing")));
        Assert.Equal(Hex(S("existing")), Keys(Store.Iterate(Column.State, [], null)));

        Store.Write(batch);

        Assert.Equal(S("1"), Store.Get(Column.State, S("new")));
        Assert.Equal(S("2"), Store.Get(Column.Blocks, S("new")));
        Assert.Null(Store.Get(Column.State, S("existing")));
    }

    [Fact]
    public void Batch_that_is_disposed_without_being_written_changes_nothing()
    {
        using (var batch = Store.CreateWriteBatch())
        {
            batch.Put(Column.Meta, S("head"), S("x"));
        }

        Assert.Null(Store.Get(Column.Meta, S("head")));
    }

    [Fact]
    public void Batch_counts_its_operations()
    {
        using var batch = Store.CreateWriteBatch();
        Assert.Equal(0, batch.Count);

        batch.Put(Column.State, S("a"), S("1"));
        batch.Delete(Column.State, S("b"));
        batch.Put(Column.Meta, S("a"), S("1"));

        Assert.Equal(3, batch.Count);
    }

    [Fact]
    public void Empty_batch_writes_nothing_and_does_not_fail()
    {
        Put(Column.State, S("a"), S("1"));

        Write(_ => { });

        Assert.Equal(S("1"), Store.Get(Column.State, S("a")));
        Assert.Single(Store.Iterate(Column.State, [], null));
    }

    [Fact]
    public void Delete_removes_a_key_and_deleting_a_missing_key_is_harmless()
    {
        Put(Column.State, S("a"), S("1"));
        Put(Column.State, S("b"), S("2"));

        Write(b =>
        {
            b.Delete(Column.State, S("a"));
            b.Delete(Column.State, S("never-written"));
        });

        Assert.Null(Store.Get(Column.State, S("a")));
        Assert.Equal(S("2"), Store.Get(Column.State, S("b")));
        Assert.Equal(Hex(S("b")), Keys(Store.Iterate(Column.State, [], null)));
    }

    [Fact]
    public void Operations_in_one_batch_apply_in_the_order_they_were_added()
    {
        Put(Column.State, S("deleted-then-put"), S("old"));

        Write(b =>
        {
            b.Put(Column.State, S("put-then-deleted"), S("1"));
            b.Delete(Column.State, S("put-then-deleted"));
            b.Delete(Column.State, S("deleted-then-put"));
            b.Put(Column.State, S("deleted-then-put"), S("new"));
            b.Put(Column.State, S("put-twice"), S("first"));
            b.Put(Column.State, S("put-twice"), S("second"));
        });

        Assert.Null(Store.Get(Column.State, S("put-then-deleted")));
        Assert.Equal(S("new"), Store.Get(Column.State, S("deleted-then-put")));
        Assert.Equal(S("second"), Store.Get(Column.State, S("put-twice")));
    }

    [Fact]
    public void Later_batch_overwrites_a_value()
    {
        Put(Column.State, S("k"), S("first"));
        Put(Column.State, S("k"), S("second, longer value"));
        Put(Column.State, S("k"), S("3"));

        Assert.Equal(S("3"), Store.Get(Column.State, S("k")));
        Assert.Single(Store.Iterate(Column.State, [], null));
    }

    [Fact]
    public void Empty_value_is_stored_and_is_not_a_missing_key()
    {
        Put(Column.State, S("empty"), []);

        var value = Store.Get(Column.State, S("empty"));

        Assert.NotNull(value);
        Assert.Empty(value);
        Assert.Single(Store.Iterate(Column.State, [], null));
    }

    [Fact]
    public void Empty_key_is_a_key_like_any_other()
    {
        Put(Column.Meta, [], S("root"));
        Put(Column.Meta, B(0x00), S("zero"));

        Assert.Equal(S("root"), Store.Get(Column.Meta, []));
        Assert.Equal(Hex([], B(0x00)), Keys(Store.Iterate(Column.Meta, [], null)));
    }

    [Fact]
    public void Batch_copies_keys_and_values_when_they_are_added()
    {
        var key = S("key");
        var value = S("value");
        using var batch = Store.CreateWriteBatch();
        batch.Put(Column.State, key, value);

        key[0] = (byte)'X';
        value[0] = (byte)'X';
        Store.Write(batch);

        Assert.Equal(S("value"), Store.Get(Column.State, S("key")));
        Assert.Null(Store.Get(Column.State, S("Xey")));
    }

    [Fact]
    public void Values_read_are_copies_the_caller_owns()
    {
        Put(Column.State, S("k"), S("value"));

        Store.Get(Column.State, S("k"))![0] = (byte)'X';
        foreach (var (key, value) in Store.Iterate(Column.State, [], null))
        {
            key[0] = (byte)'X';
            value[0] = (byte)'X';
        }

        Assert.Equal(S("value"), Store.Get(Column.State, S("k")));
        Assert.Equal(Hex(S("k")), Keys(Store.Iterate(Column.State, [], null)));
    }

    [Fact]
    public void Iteration_is_in_unsigned_byte_order_shorter_prefix_first()
    {
        byte[][] keys = [B(0xFF), B(0x80), B(0x7F), B(0x01, 0x00), B(0x01), B(0x00, 0xFF), B(0x00), B(0x02), B(0x01, 0xFF, 0xFF)];
        Write(b =>
        {
            foreach (var key in keys)
            {
                b.Put(Column.State, key, key);
            }
        });

        var entries = Store.Iterate(Column.State, [], null).ToList();

        Assert.Equal(
            Hex(B(0x00), B(0x00, 0xFF), B(0x01), B(0x01, 0x00), B(0x01, 0xFF, 0xFF), B(0x02), B(0x7F), B(0x80), B(0xFF)),
            Keys(entries));
        Assert.All(entries, e => Assert.Equal(e.Key, e.Value));
    }

    [Fact]
    public void Iteration_includes_the_lower_bound_and_excludes_the_upper_bound()
    {
        Write(b =>
        {
            for (byte i = 0; i < 10; i++)
            {
                b.Put(Column.History, B(i), B(i));
            }
        });

        Assert.Equal(Hex(B(3), B(4), B(5), B(6)), Keys(Store.Iterate(Column.History, B(3), B(7))));
        Assert.Equal(Hex(B(3)), Keys(Store.Iterate(Column.History, B(3), B(3, 0))));
        Assert.Equal(Hex(B(4), B(5)), Keys(Store.Iterate(Column.History, B(3, 0), B(6))));
    }

    [Fact]
    public void Iteration_without_an_upper_bound_runs_to_the_last_key()
    {
        Write(b =>
        {
            b.Put(Column.State, B(0x10), B(1));
            b.Put(Column.State, B(0x20), B(2));
            b.Put(Column.State, B(0xFF, 0xFF, 0xFF), B(3));
        });

        Assert.Equal(Hex(B(0x20), B(0xFF, 0xFF, 0xFF)), Keys(Store.Iterate(Column.State, B(0x11), null)));
        Assert.Equal(3, Store.Iterate(Column.State, [], null).Count());
    }

    [Fact]
    public void Iteration_of_an_empty_or_inverted_range_yields_nothing()
    {
        Write(b =>
        {
            b.Put(Column.State, B(1), B(1));
            b.Put(Column.State, B(2), B(2));
            b.Put(Column.State, B(3), B(3));
        });

        Assert.Empty(Store.Iterate(Column.State, B(2), B(2)));
        Assert.Empty(Store.Iterate(Column.State, B(3), B(1)));
        Assert.Empty(Store.Iterate(Column.State, B(4), null));
        Assert.Empty(Store.Iterate(Column.State, [], B(1)));
    }

    [Fact]
    public void Prefix_range_yields_exactly_the_keys_with_that_prefix()
    {
        Write(b =>
        {
            b.Put(Column.State, S("equipment\0a"), S("1"));
            b.Put(Column.State, S("equipment\0b"), S("2"));
            b.Put(Column.State, S("equipment"), S("no separator"));
            b.Put(Column.State, S("equipment\u0001x"), S("next namespace"));
            b.Put(Column.State, S("equipmenu\0a"), S("other"));
            b.Put(Column.State, S("eq\0a"), S("shorter"));
        });

        var range = Store.Iterate(Column.State, S("equipment\0"), S("equipment\u0001")).ToList();

        Assert.Equal(Hex(S("equipment\0a"), S("equipment\0b")), Keys(range));
    }

    [Fact]
    public void Columns_are_isolated_from_each_other()
    {
        Write(b =>
        {
            foreach (var column in ColumnNames.All)
            {
                b.Put(column, S("same-key"), S(ColumnNames.Of(column)));
                b.Put(column, S("only-in-" + ColumnNames.Of(column)), S("x"));
            }
        });

        foreach (var column in ColumnNames.All)
        {
            Assert.Equal(S(ColumnNames.Of(column)), Store.Get(column, S("same-key")));
            Assert.Equal(Hex(S("only-in-" + ColumnNames.Of(column)), S("same-key")), Keys(Store.Iterate(column, [], null)));
        }

        Write(b => b.Delete(Column.State, S("same-key")));

        Assert.Null(Store.Get(Column.State, S("same-key")));
        Assert.All(ColumnNames.All.Where(c => c != Column.State), c => Assert.NotNull(Store.Get(c, S("same-key"))));
    }

    [Fact]
    public void One_batch_across_every_column_applies_to_all_of_them()
    {
        using var batch = Store.CreateWriteBatch();
        foreach (var column in ColumnNames.All)
        {
            batch.Put(column, S("k"), S(ColumnNames.Of(column)));
        }

        Assert.All(ColumnNames.All, c => Assert.Null(Store.Get(c, S("k"))));
        Store.Write(batch);

        Assert.All(ColumnNames.All, c => Assert.Equal(S(ColumnNames.Of(c)), Store.Get(c, S("k"))));
    }

    [Fact]
    public void Snapshot_does_not_see_later_writes()
    {
        Put(Column.State, S("kept"), S("1"));
        Put(Column.State, S("changed"), S("old"));
        Put(Column.State, S("deleted"), S("here"));
        Put(Column.Blocks, S("b"), S("block"));

        using var snapshot = Store.GetSnapshot();
        Write(b =>
        {
            b.Put(Column.State, S("added"), S("new"));
            b.Put(Column.State, S("changed"), S("new"));
            b.Delete(Column.State, S("deleted"));
            b.Delete(Column.Blocks, S("b"));
            b.Put(Column.Meta, S("head"), S("h"));
        });

        Assert.Null(snapshot.Get(Column.State, S("added")));
        Assert.Equal(S("old"), snapshot.Get(Column.State, S("changed")));
        Assert.Equal(S("here"), snapshot.Get(Column.State, S("deleted")));
        Assert.Equal(S("block"), snapshot.Get(Column.Blocks, S("b")));
        Assert.Null(snapshot.Get(Column.Meta, S("head")));
        Assert.Equal(Hex(S("changed"), S("deleted"), S("kept")), Keys(snapshot.Iterate(Column.State, [], null)));
        Assert.Equal(S("old"), snapshot.Iterate(Column.State, S("changed"), S("changee")).Single().Value);

        Assert.Equal(Hex(S("added"), S("changed"), S("kept")), Keys(Store.Iterate(Column.State, [], null)));
        Assert.Equal(S("new"), Store.Get(Column.State, S("changed")));
        Assert.Null(Store.Get(Column.Blocks, S("b")));
    }

    [Fact]
    public void Snapshots_taken_at_different_times_each_see_their_own_version()
    {
        Put(Column.State, S("k"), S("v1"));
        using var first = Store.GetSnapshot();
        Put(Column.State, S("k"), S("v2"));
        using var second = Store.GetSnapshot();
        Write(b => b.Delete(Column.State, S("k")));
        using var third = Store.GetSnapshot();

        Assert.Equal(S("v1"), first.Get(Column.State, S("k")));
        Assert.Equal(S("v2"), second.Get(Column.State, S("k")));
        Assert.Null(third.Get(Column.State, S("k")));
        Assert.Empty(third.Iterate(Column.State, [], null));
    }

    [Fact]
    public void Snapshot_iteration_honours_bounds()
    {
        Write(b =>
        {
            for (byte i = 0; i < 6; i++)
            {
                b.Put(Column.TxIndex, B(i), B(i));
            }
        });
        using var snapshot = Store.GetSnapshot();
        Write(b => b.Put(Column.TxIndex, B(2, 5), B(9)));

        Assert.Equal(Hex(B(2), B(3)), Keys(snapshot.Iterate(Column.TxIndex, B(2), B(4))));
        Assert.Equal(Hex(B(4), B(5)), Keys(snapshot.Iterate(Column.TxIndex, B(4), null)));
        Assert.Equal(Hex(B(2), B(2, 5), B(3)), Keys(Store.Iterate(Column.TxIndex, B(2), B(4))));
    }

    [Fact]
    public void Many_keys_in_one_batch_are_all_written_and_iterate_in_order()
    {
        var random = new Random(42);
        var keys = Enumerable.Range(0, 2000).Select(_ =>
        {
            var key = new byte[random.Next(1, 12)];
            random.NextBytes(key);
            return key;
        }).Distinct(ByteArrayComparer.Instance).ToList();

        Write(b =>
        {
            foreach (var key in keys)
            {
                b.Put(Column.State, key, [.. key, 0xEE]);
            }
        });

        var expected = keys.Order(ByteArrayComparer.Instance).Select(Convert.ToHexString).ToList();
        Assert.Equal(expected, Keys(Store.Iterate(Column.State, [], null)));
        Assert.All(keys, k => Assert.Equal([.. k, 0xEE], Store.Get(Column.State, k)));
    }

    [Fact]
    public async Task Readers_on_snapshots_never_see_half_a_batch()
    {
        // every batch writes the same counter under two keys in two columns
        Write(b =>
        {
            b.Put(Column.State, S("a"), BitConverter.GetBytes(0));
            b.Put(Column.Meta, S("b"), BitConverter.GetBytes(0));
        });

        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var snapshot = Store.GetSnapshot();
                var a = BitConverter.ToInt32(snapshot.Get(Column.State, S("a")));
                var b = BitConverter.ToInt32(snapshot.Get(Column.Meta, S("b")));
                if (a != b)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref reads);
            }
        });

        for (var i = 1; i <= 60; i++)
        {
            // let the reader run between writes so that reads and writes interleave
            var seen = Volatile.Read(ref reads);
            SpinWait.SpinUntil(() => Volatile.Read(ref reads) > seen, TimeSpan.FromSeconds(5));
            Write(b =>
            {
                b.Put(Column.State, S("a"), BitConverter.GetBytes(i));
                b.Put(Column.Meta, S("b"), BitConverter.GetBytes(i));
            });
        }

        stop.Cancel();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(reads >= 60, $"only {reads} reads interleaved with the writes");
        Assert.Equal(0, torn);
        Assert.Equal(BitConverter.GetBytes(60), Store.Get(Column.Meta, S("b")));
    }
}
