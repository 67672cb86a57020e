using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;
using Ledger.Core;

namespace Ledger.Execution;

/// <summary>
/// System contract <c>identity</c>: revocation of member certificates. A certificate is revoked by an
/// admin of its own org or of the platform operator; from the next transaction on, anything it
/// signs is rejected as <c>RevokedIdentity</c>. Revocation never invalidates history.
/// </summary>
public sealed class IdentityContract : ContractBase
{
    public const string ContractName = "identity";
    public const string OperatorRole = "operator";

    public IdentityContract()
    {
        Function("Revoke", Revoke);
        Function("IsRevoked", IsRevoked);
    }

    public override string Name => ContractName;

    public static string RevokedKey(Hash32 certificateHash) => "revoked/" + certificateHash.ToHex();

    private static ContractResponse Revoke(IContractContext ctx)
    {
        if (!TryHash(ctx.Arguments, out var hash) || !ctx.Arguments.TryGetProperty("org", out var orgElement) || orgElement.ValueKind != JsonValueKind.String)
        {
            return ContractResponse.Reject("BAD_ARGUMENTS", "Revoke needs certificateHash (64 hex digits) and org");
        }

        var org = orgElement.GetString()!;
        var allowed = ctx.Caller.IsAdmin && (string.Equals(ctx.Caller.Org, org, StringComparison.Ordinal) || ctx.Caller.HasRole(OperatorRole));
        if (!allowed)
        {
            return ContractResponse.Reject("NOT_ALLOWED", $"only an admin of '{org}' or of the platform operator may revoke its certificates");
        }

        var key = RevokedKey(hash);
        if (ctx.GetState(key) is not null)
        {
            return ContractResponse.Reject("ALREADY_REVOKED", "the certificate is revoked already");
        }

        var reason = ctx.Arguments.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : string.Empty;
        var record = JsonSerializer.Serialize(new
        {
            certificateHash = hash.ToHex(),
            org,
            reason,
            revokedBy = ctx.Caller.Name + "@" + ctx.Caller.Org,
            txId = ctx.TxId,
            height = ctx.BlockHeight,
        });
        ctx.PutState(key, Encoding.UTF8.GetBytes(record));
        ctx.EmitEvent("IdentityRevoked", record);
        return ContractResponse.Success(record);
    }

    private static ContractResponse IsRevoked(IContractContext ctx)
    {
        if (!TryHash(ctx.Arguments, out var hash))
        {
            return ContractResponse.Reject("BAD_ARGUMENTS", "IsRevoked needs certificateHash (64 hex digits)");
        }

        var record = ctx.GetState(RevokedKey(hash));
        return ContractResponse.Success(record is null ? "{\"revoked\":false}" : $"{{\"revoked\":true,\"record\":{Encoding.UTF8.GetString(record)}}}");
    }

    private static bool TryHash(JsonElement args, out Hash32 hash)
    {
        hash = default;
        return args.TryGetProperty("certificateHash", out var h) && h.ValueKind == JsonValueKind.String && Hash32.TryParse(h.GetString(), out hash);
    }
}
