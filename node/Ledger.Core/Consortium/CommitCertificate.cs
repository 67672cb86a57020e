using Ledger.Core.Blocks;
using Ledger.Core.Identity;

namespace Ledger.Core.Consortium;

/// <summary>
/// Judges attestations of a block against the consortium's attestation policy and the membership
/// in force when the block was applied (after the block before it): the same rules on every node
/// and in the offline verifier. A block is certified when attestations of at least
/// <see cref="AttestationPolicy.Threshold"/> distinct attesting orgs hold. Pure and thread-safe.
/// </summary>
public static class CommitCertificate
{
    /// <summary>The membership an attestation by <paramref name="org"/> is judged under: genesis, with that org's record as it stood (if any).</summary>
    public static Membership MembershipFor(ConsortiumConfig config, string org, ReadOnlySpan<byte> orgRecord, bool hasRecord)
    {
        var standing = hasRecord ? SystemState.TryReadStanding(orgRecord) : null;
        return new Membership(config, standing is not null && string.Equals(standing.Org.Id, org, StringComparison.Ordinal) ? [standing] : []);
    }

    /// <summary>The org a certificate names, or null when it does not parse (parsed once: nodes see the same few).</summary>
    public static string? OrgOf(byte[] certificate) => ParsedCertificates.TryParse(certificate)?.Org;

    /// <summary>Judges one attestation of <paramref name="header"/>.</summary>
    /// <param name="membership">The membership in force after the block before (see <see cref="MembershipFor"/>).</param>
    /// <param name="revoked">Whether the attesting certificate was revoked by then.</param>
    /// <returns>The attesting org, or why the attestation does not count.</returns>
    public static (string? Org, string? Reason) Judge(AttestationPolicy? policy, BlockHeader header, Attestation attestation, Membership membership, bool revoked)
    {
        if (policy is null)
        {
            return (null, "the chain's genesis sets no attestation policy");
        }

        var resolved = membership.Resolve(attestation.Certificate, header.BlockTimeUnixMs);
        if (resolved.Member is not { } member)
        {
            return (null, resolved.Reason);
        }

        var who = $"{member.Certificate.Name}@{member.Org.Id}";
        if (!string.Equals(member.Certificate.MemberRole, Attestation.NodeRole, StringComparison.Ordinal))
        {
            return (null, $"{who} is a '{member.Certificate.MemberRole}' certificate, not a node's");
        }

        if (!policy.Includes(member.Org.Id))
        {
            return (null, $"org '{member.Org.Id}' is not one of the attesting orgs of the consortium");
        }

        if (revoked)
        {
            return (null, $"the certificate of {who} was revoked before block {header.Height}");
        }

        return attestation.Verifies(header)
            ? (member.Org.Id, null)
            : (null, $"the signature of {who} does not verify over block {header.Height}'s hash");
    }

    /// <summary>The distinct orgs whose attestations hold, and why the others do not.</summary>
    public static Verdict Count(AttestationPolicy? policy, BlockHeader header, IEnumerable<(Attestation Attestation, Membership Membership, bool Revoked)> attestations)
    {
        var orgs = new SortedSet<string>(StringComparer.Ordinal);
        var refused = new List<string>();
        foreach (var (attestation, membership, revoked) in attestations)
        {
            var (org, reason) = Judge(policy, header, attestation, membership, revoked);
            if (org is not null)
            {
                orgs.Add(org);
            }
            else
            {
                refused.Add(reason!);
            }
        }

        return new Verdict(orgs.ToArray(), refused, policy?.Threshold ?? int.MaxValue, policy?.Orgs.Count ?? 0);
    }

    /// <param name="Orgs">The distinct attesting orgs whose attestations hold, in ordinal order.</param>
    /// <param name="Refused">Why each other attestation does not count.</param>
    /// <param name="Quorum">The distinct orgs a certificate needs.</param>
    /// <param name="AttestingOrgs">How many orgs attest in this consortium.</param>
    public sealed record Verdict(IReadOnlyList<string> Orgs, IReadOnlyList<string> Refused, int Quorum, int AttestingOrgs)
    {
        public bool Certified => Orgs.Count >= Quorum;
    }
}
