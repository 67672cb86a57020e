namespace Ledger.Chaincode.Abstractions;

/// <summary>One committed change of a key: which transaction made it, when, and the value it left.</summary>
public sealed record KeyModification(string TxId, ulong Height, int TxIndex, DateTimeOffset BlockTime, bool IsDelete, byte[] Value);
