namespace Ledger.Chaincode.Abstractions;

/// <summary>Reason codes with a meaning beyond one contract: the node maps them to gRPC statuses.</summary>
public static class ReasonCodes
{
    /// <summary>The thing asked about does not exist (gRPC NotFound).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The arguments are missing or malformed (gRPC InvalidArgument).</summary>
    public const string BadArguments = "BAD_ARGUMENTS";

    /// <summary>The contract broke a rule of its context, e.g. wrote during a query (set by the node).</summary>
    public const string ContractViolation = "CONTRACT_VIOLATION";

    /// <summary>The contract threw (set by the node; recorded with the exception type only).</summary>
    public const string ContractException = "CONTRACT_EXCEPTION";
}
