using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;
using System.Security.Cryptography;
using Ledger.Core;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;

namespace Ledger.Execution;

/// <summary>
/// System contract <c>identity</c>: revocation of member certificates. <c>Revoke</c> takes the
/// certificate itself (its own O names its org); it is revoked by an admin of that org or of the
/// platform operator; from the next transaction on, anything it
/// signs is rejected as <c>RevokedIdentity</c>. Revocation never invalidates history.
/// </summary>
public sealed class IdentityContract : ContractBase
{
    public const string ContractName = SystemState.IdentityContract;
    public const string OperatorRole = "operator";

    public IdentityContract()
    {
        Function("Revoke", Revoke);
        Function("IsRevoked", IsRevoked);
    }

    public override string Name => ContractName;

    public static string RevokedKey(Hash32 certificateHash) => SystemState.RevokedKey(certificateHash);

    private static ContractResponse Revoke(IContractContext ctx)
    {
        // the certificate itself, not a hash and an org the caller names: its own O decides whose it is
        if (!ctx.Arguments.TryGetProperty("certificate", out var certElement) || certElement.ValueKind != JsonValueKind.String)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "Revoke needs certificate (PEM, or base64 DER)");
        }

        MemberCertificate certificate;
        try
        {
            var text = certElement.GetString()!;
            certificate = MemberCertificate.Parse(text.Contains("-----BEGIN", StringComparison.Ordinal) ? ConsortiumConfig.PemToDer(text) : Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "certificate is not a PEM or base64 DER X.509 certificate");
        }

        var org = certificate.Org;
        var allowed = ctx.Caller.IsAdmin && (string.Equals(ctx.Caller.Org, org, StringComparison.Ordinal) || ctx.Caller.HasRole(OperatorRole));
        if (!allowed)
        {
            return ContractResponse.Reject("NOT_ALLOWED", $"only an admin of '{org}' or of the platform operator may revoke its certificates");
        }

        var hash = certificate.Hash;
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
            name = certificate.Name,
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
            return ContractResponse.Reject(ReasonCodes.BadArguments, "IsRevoked needs certificateHash (64 hex digits)");
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
