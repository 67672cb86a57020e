namespace Ledger.State;

/// <summary>The final effect of a block on one state key: a new value, or a deletion (null).</summary>
public sealed record StateWrite(byte[] Key, byte[]? Value);
