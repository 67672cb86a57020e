using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Core.Identity;

namespace Ledger.Core.Consortium;

/// <summary>
/// The consortium configuration held by genesis: chain id, member orgs with their roles and CA
/// roots, and the limits. Its exact bytes are hashed into every block header (config hash).
/// </summary>
public sealed record ConsortiumConfig(
    [property: JsonPropertyName("chainId")] string ChainId,
    [property: JsonPropertyName("version")] ulong Version,
    [property: JsonPropertyName("orgs")] IReadOnlyList<OrgConfig> Orgs,
    [property: JsonPropertyName("limits")] ConsortiumLimits Limits,
    [property: JsonPropertyName("governance"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GovernancePolicy? Governance = null,
    [property: JsonPropertyName("attestation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttestationPolicy? Attestation = null)
{
    /// <summary>Longest chain or org id, in UTF-8 bytes (the header and payload decoders use the same bound).</summary>
    public const int MaxIdBytes = 128;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Options));

    /// <summary>Parses and validates configuration bytes.</summary>
    /// <exception cref="FormatException">Malformed or inconsistent configuration.</exception>
    public static ConsortiumConfig Parse(ReadOnlySpan<byte> bytes)
    {
        ConsortiumConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ConsortiumConfig>(bytes);
        }
        catch (JsonException e)
        {
            throw new FormatException($"consortium config is not valid JSON: {e.Message}");
        }

        if (config is null)
        {
            throw new FormatException("consortium config is empty");
        }

        config.Validate();
        return config;
    }

    public OrgConfig? FindOrg(string id) => Orgs.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal));

    /// <exception cref="FormatException">The configuration is inconsistent.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ChainId) || Encoding.UTF8.GetByteCount(ChainId) > MaxIdBytes)
        {
            throw new FormatException($"consortium config: chainId must be 1 to {MaxIdBytes} UTF-8 bytes");
        }

        if (Orgs is null || Orgs.Count == 0)
        {
            throw new FormatException("consortium config: at least one org is required");
        }

        if (Limits is null || Limits.MaxTransactionBytes < 1024)
        {
            throw new FormatException("consortium config: limits.maxTransactionBytes must be at least 1024");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var org in Orgs)
        {
            if (org is null)
            {
                throw new FormatException("consortium config: an org entry is null");
            }

            try
            {
                org.CheckShape();
            }
            catch (FormatException e)
            {
                throw new FormatException("consortium config: " + e.Message);
            }

            if (!seen.Add(org.Id))
            {
                throw new FormatException($"consortium config: org id '{org.Id}' is repeated");
            }
        }

        Governance?.Validate();
        Governance?.ValidateAgainst(Orgs);
        Attestation?.ValidateAgainst(Orgs);
    }

    /// <summary>The policy of the onboarding steps (the default when the config sets none).</summary>
    [JsonIgnore]
    public GovernancePolicy Policy => Governance ?? GovernancePolicy.Default;

    /// <summary>The orgs that govern the consortium: those marked founding, or every org when none is.</summary>
    [JsonIgnore]
    public IReadOnlyList<OrgConfig> FoundingOrgs => Orgs.Any(o => o.Founding) ? Orgs.Where(o => o.Founding).ToArray() : Orgs;

    public static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
