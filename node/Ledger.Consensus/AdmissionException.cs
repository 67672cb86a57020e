using Ledger.Core.Transactions;

namespace Ledger.Consensus;

/// <summary>A transaction refused at the door, with the validation code a block would have recorded.</summary>
public sealed class AdmissionException(ValidationCode code, string reason, string reasonCode = "") : Exception(reason)
{
    public ValidationCode Code { get; } = code;

    /// <summary>A contract's reason code (evaluations only), e.g. <c>NOT_FOUND</c>.</summary>
    public string ReasonCode { get; } = reasonCode;
}
