namespace Ledger.Execution;

/// <summary>A contract broke a rule of its context (e.g. wrote during a query, or an oversized key).</summary>
public sealed class ContractViolationException(string message) : Exception(message);
