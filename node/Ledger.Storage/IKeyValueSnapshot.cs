namespace Ledger.Storage;

/// <summary>A consistent, read-only view of the store as of its creation; later writes are not seen.</summary>
public interface IKeyValueSnapshot : IKeyValueReader, IDisposable;
