using System.Text;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Serialization;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Consortium;

/// <summary>How one block's attestations are judged: by the node and by the offline verifier alike.</summary>
public sealed class CommitCertificateTests : IDisposable
{
    private static readonly (string, string)[] Orgs = [("operator", "operator"), ("manufacturer", "manufacturer"), ("customs", "customs"), ("tax", "tax")];

    private readonly TestConsortium _consortium = new(new AttestationPolicy(["operator", "manufacturer", "customs", "tax"]), null, Orgs);
    private readonly BlockHeader _header;
    private readonly Membership _membership;

    public CommitCertificateTests()
    {
        var genesis = _consortium.Genesis.Header;
        _header = genesis with { Height = 1, PreviousHash = genesis.Hash, BlockTimeUnixMs = genesis.BlockTimeUnixMs + 1000, Proposer = "operator" };
        _membership = new Membership(_consortium.Config);
    }

    private AttestationPolicy Policy => _consortium.Config.Attestation!;

    [Fact]
    public void Three_distinct_orgs_of_four_certify_a_block()
    {
        var verdict = Count(Sign("operator"), Sign("customs"), Sign("tax"));

        Assert.True(verdict.Certified);
        Assert.Equal(["customs", "operator", "tax"], verdict.Orgs);
        Assert.Equal(3, verdict.Quorum);
        Assert.Empty(verdict.Refused);
    }

    [Fact]
    public void Two_orgs_of_four_do_not()
    {
        var verdict = Count(Sign("operator"), Sign("customs"));

        Assert.False(verdict.Certified);
        Assert.Equal(2, verdict.Orgs.Count);
    }

    [Fact]
    public void Two_nodes_of_one_org_count_as_one_org()
    {
        using var second = _consortium.Node("customs", "node-customs-2");
        var verdict = Count(Sign("operator"), Sign("customs"), Attestation.Sign(second, _header));

        Assert.False(verdict.Certified);
        Assert.Equal(["customs", "operator"], verdict.Orgs);
    }

    [Fact]
    public void The_same_attestation_twice_counts_once()
    {
        var customs = Sign("customs");
        Assert.False(Count(Sign("operator"), customs, customs).Certified);
    }

    [Fact]
    public void A_signature_over_another_block_is_refused()
    {
        using var node = _consortium.Node("tax");
        var other = Attestation.Sign(node, _header with { StateRoot = Hash32.Compute("other"u8) });

        var (org, reason) = Judge(other);

        Assert.Null(org);
        Assert.Contains("does not verify over block 1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_signature_byte_is_refused()
    {
        var a = Sign("tax");
        var signature = a.Signature.ToArray();
        signature[10] ^= 1;

        Assert.Contains("does not verify", Judge(a with { Signature = signature }).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_is_not_a_nodes_is_refused()
    {
        var a = Attestation.Sign(_consortium.Admin("tax"), _header);

        Assert.Contains("not a node's", Judge(a).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_org_outside_the_attesting_orgs_is_refused()
    {
        using var consortium = new TestConsortium(new AttestationPolicy(["operator", "customs", "tax"]), null, Orgs);
        using var node = consortium.Node("manufacturer");
        var header = consortium.Genesis.Header with { Height = 1 };

        var (org, reason) = CommitCertificate.Judge(consortium.Config.Attestation, header, Attestation.Sign(node, header), new Membership(consortium.Config), revoked: false);

        Assert.Null(org);
        Assert.Contains("not one of the attesting orgs", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_node_certificate_is_refused()
    {
        var (org, reason) = CommitCertificate.Judge(Policy, _header, Sign("tax"), _membership, revoked: true);

        Assert.Null(org);
        Assert.Contains("revoked", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspended_org_is_refused_and_a_reinstated_one_counts()
    {
        var suspended = CommitCertificate.MembershipFor(_consortium.Config, "tax", Record("tax", "Suspended"), hasRecord: true);
        var reinstated = CommitCertificate.MembershipFor(_consortium.Config, "tax", Record("tax", "Listed"), hasRecord: true);

        Assert.Contains("suspended", CommitCertificate.Judge(Policy, _header, Sign("tax"), suspended, false).Reason, StringComparison.Ordinal);
        Assert.Equal("tax", CommitCertificate.Judge(Policy, _header, Sign("tax"), reinstated, false).Org);
    }

    [Fact]
    public void Another_orgs_record_does_not_change_an_orgs_standing()
    {
        // a standing proof of customs' record cannot be passed off as tax's
        var membership = CommitCertificate.MembershipFor(_consortium.Config, "tax", Record("customs", "Suspended"), hasRecord: true);

        Assert.Equal("tax", CommitCertificate.Judge(Policy, _header, Sign("tax"), membership, false).Org);
    }

    [Fact]
    public void A_node_certificate_from_a_ca_outside_the_consortium_is_refused()
    {
        using var foreign = CertificateAuthority.Create("tax", "tax", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        using var node = foreign.Issue("node-tax", Attestation.NodeRole, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));

        var (org, reason) = Judge(Attestation.Sign(node, _header));

        Assert.Null(org);
        Assert.Contains("does not verify against the CA of org 'tax'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_certificate_expired_at_the_block_time_is_refused()
    {
        using var node = _consortium.Node("tax", notAfter: TestConsortium.Epoch.AddDays(-1));

        Assert.Contains("not valid at", Judge(Attestation.Sign(node, _header)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reencoded_certificate_signature_keeps_the_certificates_identity_and_so_its_revocation()
    {
        using var node = _consortium.Node("tax");
        var malleated = SignatureMalleation.Malleate(node.Certificate.Der);

        // the CA's signature still verifies (the membership accepts it) but the DER differs ...
        Assert.NotEqual(node.Certificate.Der, malleated);
        Assert.NotNull(_membership.Resolve(malleated, _header.BlockTimeUnixMs).Member);
        Assert.NotEqual(Hash32.Compute(node.Certificate.Der), Hash32.Compute(malleated));

        // ... and the identity a revocation is keyed by does not
        Assert.Equal(node.Certificate.Hash, MemberCertificate.Parse(malleated).Hash);
        Assert.Equal(node.Certificate.Hash, new Attestation(malleated, []).CertificateHash);
    }

    [Fact]
    public void A_ber_reencoding_of_what_the_ca_signed_is_no_member_and_keeps_the_identity()
    {
        using var node = _consortium.Node("tax");
        var variant = SignatureMalleation.BerSerial(node.Certificate.Der);

        Assert.NotEqual(node.Certificate.Der, variant);
        var resolved = _membership.Resolve(variant, _header.BlockTimeUnixMs);
        Assert.Null(resolved.Member);
        Assert.Contains("not DER encoded", resolved.Reason, StringComparison.Ordinal);
        Assert.Equal(node.Certificate.Hash, MemberCertificate.IdentityHash(variant));
    }

    [Fact]
    public void Without_an_attestation_policy_nothing_counts()
    {
        Assert.Contains("no attestation policy", CommitCertificate.Judge(null, _header, Sign("tax"), _membership, false).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attestation_round_trips_its_encoding_and_refuses_trailing_bytes()
    {
        var a = Sign("customs");
        var decoded = Attestation.Decode(a.Encode());

        Assert.Equal(a.Certificate, decoded.Certificate);
        Assert.Equal(a.Signature, decoded.Signature);
        Assert.Throws<LedgerFormatException>(() => Attestation.Decode([.. a.Encode(), 0]));
        Assert.Throws<LedgerFormatException>(() => Attestation.Decode(a.Encode()[..^1]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(6, 5)]
    [InlineData(7, 5)]
    public void The_default_quorum_is_more_than_two_thirds(int orgs, int quorum) =>
        Assert.Equal(quorum, new AttestationPolicy(Enumerable.Range(0, orgs).Select(i => $"o{i}").ToArray()).Threshold);

    [Theory]
    [InlineData("[]", null, "must name 1 to")]
    [InlineData("[\"operator\",\"nobody\"]", null, "'nobody', which is no org")]
    [InlineData("[\"operator\",\"operator\"]", null, "twice")]
    [InlineData("[\"operator\",\"customs\",\"tax\",\"manufacturer\"]", 2, "more than half")]
    [InlineData("[\"operator\",\"customs\"]", 3, "at most all")]
    public void A_config_with_a_bad_attestation_policy_is_refused(string orgs, int? quorum, string message)
    {
        var json = Encoding.UTF8.GetString(_consortium.Config.ToBytes());
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["attestation"] = new System.Text.Json.Nodes.JsonObject { ["orgs"] = System.Text.Json.Nodes.JsonNode.Parse(orgs), ["quorum"] = quorum };

        var e = Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _consortium.Dispose();

    private Attestation Sign(string org)
    {
        using var node = _consortium.Node(org);
        return Attestation.Sign(node, _header);
    }

    private (string? Org, string? Reason) Judge(Attestation a) => CommitCertificate.Judge(Policy, _header, a, _membership, revoked: false);

    private CommitCertificate.Verdict Count(params Attestation[] attestations) =>
        CommitCertificate.Count(Policy, _header, attestations.Select(a => (a, _membership, false)));

    private byte[] Record(string org, string status)
    {
        var config = _consortium.Config.FindOrg(org)!;
        return Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { id = org, name = config.Name, roles = config.Roles, rootCertificate = config.RootCertificate, status, since = 1 }));
    }
}
