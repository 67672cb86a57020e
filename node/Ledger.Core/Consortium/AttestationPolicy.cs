using System.Text.Json.Serialization;

namespace Ledger.Core.Consortium;

/// <summary>
/// Who stands behind a block: the orgs that run nodes (<paramref name="Orgs"/>), whose nodes sign
/// the hash of every block they apply, and how many distinct orgs make a commit certificate
/// (<paramref name="Quorum"/>; by default more than two thirds of them). Part of genesis, so an
/// offline verifier knows it from the trust root alone.
/// </summary>
public sealed record AttestationPolicy(
    [property: JsonPropertyName("orgs")] IReadOnlyList<string> Orgs,
    [property: JsonPropertyName("quorum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Quorum = null)
{
    public const int MaxOrgs = 64;

    /// <summary>The distinct orgs a commit certificate needs.</summary>
    [JsonIgnore]
    public int Threshold => Quorum ?? (2 * Orgs.Count / 3) + 1;

    public bool Includes(string org) => Orgs.Contains(org, StringComparer.Ordinal);

    /// <exception cref="FormatException">The policy names no org, an unknown or repeated org, or a quorum two certificates of one height could both meet without a shared org.</exception>
    public void ValidateAgainst(IReadOnlyList<OrgConfig> orgs)
    {
        if (Orgs is null || Orgs.Count == 0 || Orgs.Count > MaxOrgs)
        {
            throw new FormatException($"consortium config: attestation.orgs must name 1 to {MaxOrgs} orgs that run nodes");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var org in Orgs)
        {
            if (org is null || !orgs.Any(o => string.Equals(o.Id, org, StringComparison.Ordinal)))
            {
                throw new FormatException($"consortium config: attestation.orgs names '{org}', which is no org of the config");
            }

            if (!seen.Add(org))
            {
                throw new FormatException($"consortium config: attestation.orgs names '{org}' twice");
            }
        }

        // two quorums must share an org, or two blocks of one height could both be certified
        if (Quorum is { } q && (q > Orgs.Count || 2 * q <= Orgs.Count))
        {
            throw new FormatException($"consortium config: attestation.quorum must be more than half of the {Orgs.Count} attesting orgs and at most all of them (got {q})");
        }
    }
}
