using System.Collections.Immutable;

namespace Ledger.Storage;

/// <summary>
/// A memory store for unit tests, with the same semantics as the RocksDB one: atomic batches,
/// ordered iteration, snapshots that do not see later writes (immutable maps make them free).
/// </summary>
public sealed class InMemoryKeyValueStore : IKeyValueStore
{
    private readonly Lock _writeLock = new();
    private ImmutableSortedDictionary<byte[], byte[]>[] _columns;

    public InMemoryKeyValueStore()
    {
        var empty = ImmutableSortedDictionary.Create<byte[], byte[]>(ByteArrayComparer.Instance);
        _columns = ColumnNames.All.Select(_ => empty).ToArray();
    }

    public int WriteCount { get; private set; }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => Read(_columns, column, key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive) =>
        Range(_columns, column, fromInclusive, toExclusive);

    public IWriteBatch CreateWriteBatch() => new Batch();

    public void Write(IWriteBatch batch)
    {
        var ops = ((Batch)batch).Operations;
        lock (_writeLock)
        {
            var next = (ImmutableSortedDictionary<byte[], byte[]>[])_columns.Clone();
            var builders = next.Select(c => c.ToBuilder()).ToArray();
            foreach (var (column, key, value) in ops)
            {
                if (value is null)
                {
                    builders[(int)column].Remove(key);
                }
                else
                {
                    builders[(int)column][key] = value;
                }
            }

            for (var i = 0; i < next.Length; i++)
            {
                next[i] = builders[i].ToImmutable();
            }

            _columns = next;
            WriteCount++;
        }
    }

    public IKeyValueSnapshot GetSnapshot() => new Snapshot(_columns);

    public long DiskSizeBytes() => 0;

    public void Dispose()
    {
    }

    private static byte[]? Read(ImmutableSortedDictionary<byte[], byte[]>[] columns, Column column, ReadOnlySpan<byte> key) =>
        columns[(int)column].TryGetValue(key.ToArray(), out var value) ? (byte[])value.Clone() : null;

    private static IEnumerable<KeyValuePair<byte[], byte[]>> Range(ImmutableSortedDictionary<byte[], byte[]>[] columns, Column column, byte[] from, byte[]? to)
    {
        var comparer = ByteArrayComparer.Instance;
        foreach (var entry in columns[(int)column])
        {
            if (comparer.Compare(entry.Key, from) < 0)
            {
                continue;
            }

            if (to is not null && comparer.Compare(entry.Key, to) >= 0)
            {
                yield break;
            }

            yield return new KeyValuePair<byte[], byte[]>((byte[])entry.Key.Clone(), (byte[])entry.Value.Clone());
        }
    }

    private sealed class Batch : IWriteBatch
    {
        public List<(Column Column, byte[] Key, byte[]? Value)> Operations { get; } = [];

        public int Count => Operations.Count;

        public void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Operations.Add((column, key.ToArray(), value.ToArray()));

        public void Delete(Column column, ReadOnlySpan<byte> key) => Operations.Add((column, key.ToArray(), null));

        public void Dispose()
        {
        }
    }

    private sealed class Snapshot(ImmutableSortedDictionary<byte[], byte[]>[] columns) : IKeyValueSnapshot
    {
        public byte[]? Get(Column column, ReadOnlySpan<byte> key) => Read(columns, column, key);

        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive) =>
            Range(columns, column, fromInclusive, toExclusive);

        public void Dispose()
        {
        }
    }
}
