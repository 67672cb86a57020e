using Ledger.Core.Transactions;

namespace Ledger.Execution;

/// <summary>The result of checking a transaction: either validated, or a validation code and reason.</summary>
public sealed record TxCheck(ValidatedTransaction? Transaction, ValidationCode Code, string Reason)
{
    public bool IsValid => Transaction is not null;

    public static TxCheck Ok(ValidatedTransaction tx) => new(tx, ValidationCode.Valid, string.Empty);

    public static TxCheck Fail(ValidationCode code, string reason) => new(null, code, reason);
}
