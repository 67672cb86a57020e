using Ledger.Core.Transactions;

namespace Ledger.Execution;

/// <summary>The outcome of a read-only evaluation at <see cref="Height"/>.</summary>
public sealed record QueryResult(ValidationCode Code, string ReasonCode, string Reason, string Result, ulong Height)
{
    public bool IsSuccess => Code == ValidationCode.Valid;
}
