namespace Ledger.Storage;

/// <summary>Writes collected in memory and applied atomically by <see cref="IKeyValueStore.Write"/>. Not thread-safe.</summary>
public interface IWriteBatch : IDisposable
{
    int Count { get; }

    void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void Delete(Column column, ReadOnlySpan<byte> key);
}
