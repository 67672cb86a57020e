using Ledger.Chaincode.Abstractions;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ledger.Core.Transactions;

namespace Ledger.Node.Grpc;

/// <summary>One mapping from ledger outcomes to gRPC statuses (see STYLE.md), with rich details.</summary>
public static class StatusMapping
{
    public const string Domain = "ledger.v1";

    public static StatusCode For(ValidationCode code, string reasonCode = "") => code switch
    {
        ValidationCode.MalformedTransaction or ValidationCode.PayloadTooLarge or ValidationCode.WrongChain or ValidationCode.BadArguments => StatusCode.InvalidArgument,
        ValidationCode.UnknownIdentity or ValidationCode.BadSignature => StatusCode.Unauthenticated,
        ValidationCode.RevokedIdentity or ValidationCode.OrgSuspended or ValidationCode.OrgRevoked => StatusCode.PermissionDenied,
        ValidationCode.DuplicateTransaction => StatusCode.AlreadyExists,
        ValidationCode.UnknownContract or ValidationCode.UnknownFunction => StatusCode.NotFound,
        ValidationCode.ContractRejected when reasonCode == ReasonCodes.NotFound => StatusCode.NotFound,
        ValidationCode.ContractRejected when reasonCode == ReasonCodes.BadArguments => StatusCode.InvalidArgument,
        ValidationCode.ContractRejected => StatusCode.FailedPrecondition,
        // e.g. a write attempted through Evaluate: the call does not fit the function
        ValidationCode.ContractFailed when reasonCode == ReasonCodes.ContractViolation => StatusCode.FailedPrecondition,
        ValidationCode.ContractFailed => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    /// <summary>The request field a validation code blames, for BadRequest details.</summary>
    public static string? FieldOf(ValidationCode code) => code switch
    {
        ValidationCode.MalformedTransaction => "transaction.payload",
        ValidationCode.PayloadTooLarge => "transaction",
        ValidationCode.WrongChain => "transaction.payload.chain_id",
        ValidationCode.BadArguments => "transaction.payload.arguments",
        _ => null,
    };

    public static RpcException Exception(ValidationCode code, string reason, string reasonCode = "")
    {
        var status = For(code, reasonCode);
        return Exception(status, reason, string.IsNullOrEmpty(reasonCode) ? code.ToString() : reasonCode, FieldOf(code));
    }

    public static RpcException Exception(StatusCode status, string message, string reason, string? field = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var rpcStatus = new Google.Rpc.Status { Code = (int)status, Message = message, Details = { Any.Pack(info) } };
        if (field is not null)
        {
            rpcStatus.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } },
            }));
        }

        return rpcStatus.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string message) =>
        Exception(StatusCode.InvalidArgument, message, "INVALID_ARGUMENT", field);
}
