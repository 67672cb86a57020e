namespace Ledger.Core.Transactions;

public static class ValidationCodes
{
    /// <summary>
    /// Whether a transaction recorded with this code was authentically signed by a member, so that
    /// its txId is spent and indexed. Garbage or forged copies of a payload must not burn its txId.
    /// </summary>
    public static bool SpendsTxId(this ValidationCode code) => code switch
    {
        ValidationCode.MalformedTransaction or ValidationCode.WrongChain or ValidationCode.PayloadTooLarge
            or ValidationCode.UnknownIdentity or ValidationCode.OrgSuspended or ValidationCode.OrgRevoked or ValidationCode.BadSignature or ValidationCode.DuplicateTransaction => false,
        _ => true,
    };
}
