using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Core.Consortium;

/// <summary>
/// The world-state keys of the system contracts that decide membership, and how their records
/// read: the nodes and the offline verifier judge an attestation by the same keys and values
/// (the verifier gets them with state proofs).
/// </summary>
public static class SystemState
{
    /// <summary>The contract namespace of the consortium's org records.</summary>
    public const string ConsortiumContract = "consortium";

    /// <summary>The contract namespace of certificate revocations.</summary>
    public const string IdentityContract = "identity";

    public const string OrgPrefix = "org/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The key of an org's record in the consortium contract (absent: a genesis org never changed, or no member).</summary>
    public static string OrgKey(string org) => OrgPrefix + org;

    /// <summary>The key that, when present in the identity contract, revokes a certificate.</summary>
    public static string RevokedKey(Hash32 certificateHash) => "revoked/" + certificateHash.ToHex();

    /// <summary>An org record as the consortium contract writes it, read as a standing; null when it does not read.</summary>
    public static Membership.OrgStanding? TryReadStanding(ReadOnlySpan<byte> record)
    {
        try
        {
            var org = JsonSerializer.Deserialize<StandingRecord>(record, Json);
            return org is { Id: not null, Name: not null, Roles: not null, RootCertificate: not null }
                ? new Membership.OrgStanding(new OrgConfig(org.Id, org.Name, org.Roles, org.RootCertificate), org.Status, org.Since)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StandingRecord(string? Id, string? Name, IReadOnlyList<string>? Roles, string? RootCertificate, OrgStatus Status, ulong Since);
}
