namespace Ledger.Chaincode.Abstractions;

/// <summary>A state entry of the calling contract.</summary>
public sealed record KeyValue(string Key, byte[] Value);
