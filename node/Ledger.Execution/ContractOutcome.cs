using Ledger.Core.Transactions;

namespace Ledger.Execution;

/// <summary>What running a contract call came to: valid (with its result), rejected, or failed.</summary>
internal sealed record ContractOutcome(ValidationCode Code, string ReasonCode, string Reason, string Result);
