namespace Ledger.Chaincode.Abstractions;

/// <summary>
/// The outcome of a contract call. A rejection is a business outcome (recorded in the block with
/// its reason code, changing nothing); contracts never throw for one.
/// </summary>
public sealed record ContractResponse
{
    private ContractResponse(bool isSuccess, string result, string code, string message)
    {
        IsSuccess = isSuccess;
        Result = result;
        Code = code;
        Message = message;
    }

    public bool IsSuccess { get; }

    /// <summary>JSON returned to the caller on success (may be empty).</summary>
    public string Result { get; }

    /// <summary>Machine-readable rejection code, e.g. <c>NOT_OWNER</c>.</summary>
    public string Code { get; }

    public string Message { get; }

    public static ContractResponse Success(string resultJson = "") => new(true, resultJson, string.Empty, string.Empty);

    public static ContractResponse Reject(string code, string message) => new(false, string.Empty, code, message);
}
