namespace Ledger.Storage;

/// <summary>Reads from a store or a snapshot of it. Keys are ordered as unsigned bytes.</summary>
public interface IKeyValueReader
{
    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    byte[]? Get(Column column, ReadOnlySpan<byte> key);

    /// <summary>
    /// Entries with <paramref name="fromInclusive"/> ≤ key &lt; <paramref name="toExclusive"/>
    /// (no upper bound when null), in ascending key order. Keys and values are copies the caller owns.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive);
}
