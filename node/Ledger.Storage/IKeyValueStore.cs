namespace Ledger.Storage;

/// <summary>
/// A node's key-value store with column families.
/// Guarantees: <see cref="Write"/> applies a whole batch or nothing, and once it returns the batch
/// is durable (synced), so a crash never leaves half a block. Reads and snapshots may run
/// concurrently with a write; a single writer is assumed (the block applier).
/// </summary>
public interface IKeyValueStore : IKeyValueReader, IDisposable
{
    IWriteBatch CreateWriteBatch();

    /// <summary>Applies the batch atomically and durably.</summary>
    void Write(IWriteBatch batch);

    IKeyValueSnapshot GetSnapshot();

    /// <summary>Bytes the store occupies on disk (0 for memory stores).</summary>
    long DiskSizeBytes();
}
