namespace Ledger.State;

/// <summary>Where a transaction is recorded: block height and index in the block.</summary>
public readonly record struct TxLocation(ulong Height, int Index);
