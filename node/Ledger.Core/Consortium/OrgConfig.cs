using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Ledger.Core.Identity;

namespace Ledger.Core.Consortium;

/// <summary>
/// A member organisation: its id (the O of its certificates), roles and CA root certificate.
/// <paramref name="Founding"/> marks the orgs that govern the consortium (the platform operator and
/// the regulators): their approvals file new members. When no org of a config is marked, every
/// genesis org is founding.
/// </summary>
public sealed record OrgConfig(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("rootCertificate")] string RootCertificate,
    [property: JsonPropertyName("founding"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Founding = false)
{
    /// <summary>Checks an org's id, roles and root certificate (a CA certificate with O = id).</summary>
    /// <returns>The parsed root certificate.</returns>
    /// <exception cref="FormatException">What is wrong, naming the org.</exception>
    public MemberCertificate CheckShape()
    {
        if (string.IsNullOrWhiteSpace(Id) || Encoding.UTF8.GetByteCount(Id) > ConsortiumConfig.MaxIdBytes || Id.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException($"org id '{Id}' must be 1 to {ConsortiumConfig.MaxIdBytes} UTF-8 bytes");
        }

        if (Roles is null || Roles.Count == 0 || Roles.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"org '{Id}' needs at least one role, and no blank role");
        }

        if (string.IsNullOrEmpty(RootCertificate))
        {
            throw new FormatException($"org '{Id}' has no root certificate");
        }

        MemberCertificate root;
        try
        {
            root = MemberCertificate.Parse(ConsortiumConfig.PemToDer(RootCertificate));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"org '{Id}' root certificate is invalid: {e.Message}");
        }

        if (!root.IsAuthority || !string.Equals(root.Org, Id, StringComparison.Ordinal))
        {
            throw new FormatException($"org '{Id}' root certificate must be a CA certificate with O={Id}");
        }

        return root;
    }
}
