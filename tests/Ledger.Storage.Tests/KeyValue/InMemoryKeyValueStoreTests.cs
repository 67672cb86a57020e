using Ledger.Storage;

namespace Ledger.Storage.Tests.KeyValue;

public sealed class InMemoryKeyValueStoreTests() : KeyValueStoreContractTests(new InMemoryKeyValueStore())
{
    private InMemoryKeyValueStore Memory => (InMemoryKeyValueStore)Store;

    [Fact]
    public void Memory_store_occupies_no_disk()
    {
        Put(Column.State, S("k"), S("v"));

        Assert.Equal(0, Store.DiskSizeBytes());
    }

    [Fact]
    public void Write_count_counts_written_batches_not_operations()
    {
        Write(b =>
        {
            b.Put(Column.State, S("a"), S("1"));
            b.Put(Column.State, S("b"), S("2"));
        });
        Write(b => b.Delete(Column.State, S("a")));

        Assert.Equal(2, Memory.WriteCount);
    }
}
