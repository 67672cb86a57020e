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
    [property: JsonPropertyName("limits")] ConsortiumLimits Limits)
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

            if (string.IsNullOrWhiteSpace(org.Id) || Encoding.UTF8.GetByteCount(org.Id) > MaxIdBytes || !seen.Add(org.Id))
            {
                throw new FormatException($"consortium config: org id '{org.Id}' is empty, longer than {MaxIdBytes} bytes, or repeated");
            }

            if (org.Roles is null || org.Roles.Count == 0 || org.Roles.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"consortium config: org '{org.Id}' needs at least one role, and no blank role");
            }

            if (string.IsNullOrEmpty(org.RootCertificate))
            {
                throw new FormatException($"consortium config: org '{org.Id}' has no root certificate");
            }

            MemberCertificate root;
            try
            {
                root = MemberCertificate.Parse(PemToDer(org.RootCertificate));
            }
            catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or InvalidOperationException)
            {
                throw new FormatException($"consortium config: org '{org.Id}' root certificate is invalid: {e.Message}");
            }

            if (!root.IsAuthority || !string.Equals(root.Org, org.Id, StringComparison.Ordinal))
            {
                throw new FormatException($"consortium config: org '{org.Id}' root certificate must be a CA certificate with O={org.Id}");
            }
        }
    }

    public static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
