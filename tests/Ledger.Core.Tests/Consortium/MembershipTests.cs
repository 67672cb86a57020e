using System.Security.Cryptography;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Consortium;

public sealed class MembershipTests : IDisposable
{
    private static readonly long Now = TestConsortium.Epoch.AddDays(10).ToUnixTimeMilliseconds();

    private readonly TestConsortium _consortium = new();
    private readonly Membership _membership;

    public MembershipTests() => _membership = new Membership(_consortium.Config);

    public void Dispose() => _consortium.Dispose();

    private static void AssertUnknown(Membership.Result result, string reasonPart)
    {
        Assert.Null(result.Member);
        Assert.Equal(ValidationCode.UnknownIdentity, result.Code);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_from_a_member_orgs_ca_resolves_with_org_and_roles()
    {
        using var identity = _consortium.Issue("manufacturer", "sany-clerk", "client");

        var result = _membership.Resolve(identity.Certificate.Der, Now);

        Assert.NotNull(result.Member);
        Assert.Equal(ValidationCode.Valid, result.Code);
        Assert.Empty(result.Reason);
        Assert.Equal("manufacturer", result.Member.Org.Id);
        Assert.Equal(["manufacturer"], result.Member.Org.Roles);
        Assert.Equal("sany-clerk", result.Member.Certificate.Name);
        Assert.Equal("client", result.Member.Certificate.MemberRole);
        Assert.Equal(identity.Certificate.Hash, result.Member.Certificate.Hash);
    }

    [Fact]
    public void Admins_of_every_org_resolve_to_their_own_org()
    {
        foreach (var org in _consortium.Orgs)
        {
            var result = _membership.Resolve(_consortium.Admin(org).Certificate.Der, Now);

            Assert.Equal(org, result.Member?.Org.Id);
            Assert.Equal("admin", result.Member?.Certificate.MemberRole);
        }
    }

    [Fact]
    public void Certificate_from_a_foreign_ca_with_the_same_org_and_ca_name_is_rejected()
    {
        // same subject DN as the real manufacturer CA: only the signature tells them apart
        using var impostor = CertificateAuthority.Create("manufacturer", "manufacturer", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        using var forged = impostor.Issue("admin", "admin", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));

        AssertUnknown(_membership.Resolve(forged.Certificate.Der, Now), "signature does not verify");
    }

    [Fact]
    public void Certificate_from_a_foreign_ca_with_another_ca_name_is_rejected()
    {
        using var impostor = CertificateAuthority.Create("manufacturer", "Totally Legit", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        using var forged = impostor.Issue("admin", "admin", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));

        AssertUnknown(_membership.Resolve(forged.Certificate.Der, Now), "not issued by the CA of org 'manufacturer'");
    }

    [Fact]
    public void Certificate_naming_one_org_signed_by_another_member_orgs_ca_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.IssueWith(
            _consortium.Authority("exporter"),
            Certificates.Name("customs", "admin", "officer"),
            key,
            TestConsortium.Epoch.AddYears(-1),
            TestConsortium.Epoch.AddYears(5));

        Assert.Equal("customs", MemberCertificate.Parse(der).Org);
        AssertUnknown(_membership.Resolve(der, Now), "'customs'");
    }

    [Fact]
    public void Certificate_of_an_org_outside_the_consortium_is_rejected()
    {
        using var outsider = CertificateAuthority.Create("dealer", "dealer", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        using var identity = outsider.Issue("sam", "client", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));

        AssertUnknown(_membership.Resolve(identity.Certificate.Der, Now), "'dealer' is not a member");
    }

    [Fact]
    public void Ca_certificate_of_a_member_org_cannot_sign()
    {
        AssertUnknown(_membership.Resolve(_consortium.Authority("operator").CertificateDer, Now), "CA certificate");
    }

    [Fact]
    public void Intermediate_ca_issued_by_a_member_ca_cannot_sign()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.IssueWith(_consortium.Authority("operator"), Certificates.Name("operator", "ca", "sub CA"), key, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5), isCa: true);

        AssertUnknown(_membership.Resolve(der, Now), "CA certificate");
    }

    [Fact]
    public void Certificate_is_rejected_before_it_is_valid_and_after_it_expires()
    {
        var notBefore = TestConsortium.Epoch.AddDays(1);
        var notAfter = TestConsortium.Epoch.AddDays(2);
        using var identity = _consortium.Authority("customs").Issue("temp", "client", notBefore, notAfter);
        var der = identity.Certificate.Der;

        AssertUnknown(_membership.Resolve(der, notBefore.ToUnixTimeMilliseconds() - 1), "is not valid at");
        Assert.NotNull(_membership.Resolve(der, notBefore.ToUnixTimeMilliseconds()).Member);
        Assert.NotNull(_membership.Resolve(der, notBefore.AddHours(12).ToUnixTimeMilliseconds()).Member);
        Assert.NotNull(_membership.Resolve(der, notAfter.ToUnixTimeMilliseconds()).Member);
        AssertUnknown(_membership.Resolve(der, notAfter.ToUnixTimeMilliseconds() + 1), "is not valid at");
    }

    [Fact]
    public void Cached_chain_check_does_not_cache_the_time_check()
    {
        using var identity = _consortium.Issue("customs", "short-lived", notAfter: TestConsortium.Epoch.AddDays(1));
        var der = identity.Certificate.Der;

        Assert.NotNull(_membership.Resolve(der, TestConsortium.Epoch.ToUnixTimeMilliseconds()).Member);
        AssertUnknown(_membership.Resolve(der, TestConsortium.Epoch.AddDays(2).ToUnixTimeMilliseconds()), "is not valid at");
        Assert.NotNull(_membership.Resolve(der, TestConsortium.Epoch.ToUnixTimeMilliseconds()).Member);
    }

    [Fact]
    public void Rejection_is_stable_across_repeated_calls()
    {
        using var outsider = CertificateAuthority.Create("dealer", "dealer", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        using var identity = outsider.Issue("sam", "client", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));

        var first = _membership.Resolve(identity.Certificate.Der, Now);
        var second = _membership.Resolve(identity.Certificate.Der, Now);

        Assert.Equal(first, second);
        Assert.Null(second.Member);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    public void Bytes_that_are_no_certificate_are_rejected_without_throwing(byte[] der)
    {
        AssertUnknown(_membership.Resolve(der, Now), "not a valid P-256 X.509 certificate");
    }

    [Fact]
    public void Certificate_with_a_p384_key_is_rejected_without_throwing()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var der = Certificates.IssueWith(_consortium.Authority("operator"), Certificates.Name("operator", "client", "p384"), key, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));

        AssertUnknown(_membership.Resolve(der, Now), "not a valid P-256");
    }

    [Fact]
    public void Truncated_member_certificate_is_rejected_without_throwing()
    {
        using var identity = _consortium.Issue("operator", "cut");
        var der = identity.Certificate.Der;

        AssertUnknown(_membership.Resolve(der[..^1], Now), "not a valid");
    }

    [Fact]
    public void Member_certificate_with_a_flipped_signature_byte_is_rejected()
    {
        using var identity = _consortium.Issue("operator", "tampered");
        var der = (byte[])identity.Certificate.Der.Clone();
        der[^3] ^= 0x01; // inside the CA's signature value

        Assert.Null(_membership.Resolve(der, Now).Member);
        Assert.Equal(ValidationCode.UnknownIdentity, _membership.Resolve(der, Now).Code);
    }

    [Fact]
    public void Certificate_with_a_multi_valued_subject_rdn_is_rejected_without_throwing()
    {
        // anyone can make such a certificate; it reaches Resolve as the creator or an endorser of a transaction
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.SelfSigned(Certificates.MultiValuedName("operator", "mallory"), key, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5), isCa: false);

        Membership.Result? result = null;
        var e = Record.Exception(() => result = _membership.Resolve(der, Now));

        Assert.Null(e);
        Assert.Equal(ValidationCode.UnknownIdentity, result?.Code);
    }

    [Fact]
    public void Resolve_is_safe_from_many_threads()
    {
        using var identity = _consortium.Issue("exporter", "busy");
        using var outsider = CertificateAuthority.Create("dealer", "dealer", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        using var stranger = outsider.Issue("sam", "client", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));

        var results = Enumerable.Range(0, 200).AsParallel().Select(i => i % 2 == 0
            ? _membership.Resolve(identity.Certificate.Der, Now).Member is not null
            : _membership.Resolve(stranger.Certificate.Der, Now).Member is null).ToArray();

        Assert.All(results, Assert.True);
    }

    [Theory]
    [InlineData(OrgStatus.Suspended, ValidationCode.OrgSuspended)]
    [InlineData(OrgStatus.Revoked, ValidationCode.OrgRevoked)]
    public void An_org_out_of_standing_resolves_to_its_own_code_and_has_no_roles(OrgStatus status, ValidationCode code)
    {
        using var identity = _consortium.Issue("exporter", "clerk");
        var exporter = _consortium.Config.FindOrg("exporter")!;
        var membership = new Membership(_consortium.Config, [new Membership.OrgStanding(exporter, status, 5)], epoch: 1);

        var result = membership.Resolve(identity.Certificate.Der, Now);

        Assert.Null(result.Member);
        Assert.Equal(code, result.Code);
        Assert.Contains("exporter", result.Reason, StringComparison.Ordinal);
        Assert.False(membership.OrgRoles.ContainsKey("exporter"));
        Assert.True(membership.OrgRoles.ContainsKey("manufacturer"));
        Assert.Equal(status, membership.StatusOf("exporter"));
        Assert.NotNull(_membership.Resolve(identity.Certificate.Der, Now).Member);
    }

    [Fact]
    public void An_org_filed_after_genesis_resolves_with_the_roles_it_was_filed_for()
    {
        using var ca = CertificateAuthority.Create("newco", "NewCo", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        using var admin = ca.Issue("admin", "admin", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        var org = new OrgConfig("newco", "NewCo", ["remanufacturer"], PemEncoding.WriteString("CERTIFICATE", ca.CertificateDer));

        Assert.Equal(ValidationCode.UnknownIdentity, _membership.Resolve(admin.Certificate.Der, Now).Code);
        var membership = new Membership(_consortium.Config, [new Membership.OrgStanding(org, OrgStatus.Listed, 9)], epoch: 1);
        var result = membership.Resolve(admin.Certificate.Der, Now);

        Assert.Equal("newco", result.Member!.Org.Id);
        Assert.Equal(["remanufacturer"], membership.OrgRoles["newco"]);
        Assert.Null(membership.StatusOf("nobody"));
    }
}
