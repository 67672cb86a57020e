namespace Ledger.Core.Transactions;

/// <summary>
/// The outcome recorded for every transaction of a block. Only <see cref="Valid"/> changes state;
/// every other code is kept for audit and changes nothing. The numeric values are part of the
/// block format (they are hashed into the tx leaf): never renumber.
/// </summary>
public enum ValidationCode : ushort
{
    Valid = 0,
    MalformedTransaction = 1,
    WrongChain = 2,
    PayloadTooLarge = 3,
    UnknownIdentity = 4,
    RevokedIdentity = 5,
    BadSignature = 6,
    DuplicateTransaction = 7,
    UnknownContract = 8,
    UnknownFunction = 9,
    BadArguments = 10,
    ContractRejected = 11,
    ContractFailed = 12,

    /// <summary>The creator's org is suspended from the consortium (it may be reinstated).</summary>
    OrgSuspended = 13,

    /// <summary>The creator's org was revoked from the consortium (for good; its history stands).</summary>
    OrgRevoked = 14,
}
