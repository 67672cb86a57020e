namespace Ledger.Chaincode.Equipment;

/// <summary>A transfer the owner proposed and the named buyer has not yet accepted.</summary>
public sealed record PendingTransfer(string To, string ProposedBy, string TxId, DateTimeOffset ProposedAt);
