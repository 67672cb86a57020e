namespace Ledger.Core.Transactions;

/// <summary>An event a contract emitted while executing a valid transaction.</summary>
/// <param name="Name">Event name, e.g. <c>EquipmentRegistered</c>.</param>
/// <param name="Payload">JSON text.</param>
public sealed record ContractEvent(string Name, string Payload);
