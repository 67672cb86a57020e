using System.Security.Cryptography;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Identity;

public sealed class CertificateAuthorityTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Authority_certificate_parses_as_a_ca_of_its_org()
    {
        using var ca = CertificateAuthority.Create("manufacturer", "Sany Heavy", NotBefore, NotAfter);

        var cert = MemberCertificate.Parse(ca.CertificateDer);

        Assert.Equal("manufacturer", ca.Org);
        Assert.True(cert.IsAuthority);
        Assert.Equal("manufacturer", cert.Org);
        Assert.Equal("Sany Heavy CA", cert.Name);
        Assert.Equal("ca", cert.MemberRole);
        Assert.Equal(NotBefore.ToUnixTimeMilliseconds(), cert.NotBeforeUnixMs);
        Assert.Equal(NotAfter.ToUnixTimeMilliseconds(), cert.NotAfterUnixMs);
    }

    [Fact]
    public void Issued_certificate_names_org_member_and_role_and_holds_the_key()
    {
        using var ca = CertificateAuthority.Create("exporter", "exporter", NotBefore, NotAfter);
        var from = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 2, 3, 4, 5, 6, TimeSpan.Zero);

        using var identity = ca.Issue("alice", "client", from, to);

        var cert = identity.Certificate;
        Assert.Equal("exporter", cert.Org);
        Assert.Equal("alice", cert.Name);
        Assert.Equal("client", cert.MemberRole);
        Assert.False(cert.IsAuthority);
        Assert.Equal(from.ToUnixTimeMilliseconds(), cert.NotBeforeUnixMs);
        Assert.Equal(to.ToUnixTimeMilliseconds(), cert.NotAfterUnixMs);
        Assert.Equal(MemberCertificate.IdentityHash(cert.Der), cert.Hash);
        Assert.NotEqual(Hash32.Compute(cert.Der), cert.Hash);
        var q = identity.Key.ExportParameters(false).Q;
        Assert.Equal([.. q.X!, .. q.Y!], cert.PublicKey);
    }

    [Fact]
    public void Issued_certificate_does_not_outlive_its_authority()
    {
        using var ca = CertificateAuthority.Create("customs", "customs", NotBefore, NotAfter);

        using var identity = ca.Issue("bob", "client", NotBefore, NotAfter.AddYears(10));

        Assert.Equal(NotAfter.ToUnixTimeMilliseconds(), identity.Certificate.NotAfterUnixMs);
    }

    [Fact]
    public void Issue_for_an_existing_key_certifies_that_key()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var der = ca.IssueFor(key, "node-1", "node", NotBefore, NotAfter);

        var q = key.ExportParameters(false).Q;
        Assert.Equal([.. q.X!, .. q.Y!], MemberCertificate.Parse(der).PublicKey);
        Assert.Equal("node", MemberCertificate.Parse(der).MemberRole);
    }

    [Fact]
    public void Two_certificates_for_the_same_name_are_distinct()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var a = ca.Issue("alice", "client", NotBefore, NotAfter);
        using var b = ca.Issue("alice", "client", NotBefore, NotAfter);

        Assert.NotEqual(a.Certificate.Hash, b.Certificate.Hash);
    }

    [Theory]
    [InlineData("", "client")]
    [InlineData(" ", "client")]
    [InlineData("alice", "")]
    [InlineData("alice", "  ")]
    public void Blank_member_name_or_role_is_refused(string name, string role)
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);

        Assert.ThrowsAny<ArgumentException>(() => ca.Issue(name, role, NotBefore, NotAfter));
    }

    [Fact]
    public void Blank_org_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => CertificateAuthority.Create(" ", "x", NotBefore, NotAfter));
    }

    [Fact]
    public void Authority_loaded_from_its_certificate_and_exported_key_issues_under_the_same_root()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var key = ca.ExportPrivateKey();

        using var loaded = CertificateAuthority.Load(ca.CertificateDer, key);
        using var identity = loaded.Issue("carol", "client", NotBefore, NotAfter);

        Assert.Equal("operator", loaded.Org);
        Assert.Equal(ca.CertificateDer, loaded.CertificateDer);
        var config = new Ledger.Core.Consortium.ConsortiumConfig(
            "c", 1, [new Ledger.Core.Consortium.OrgConfig("operator", "operator", ["operator"], Certificates.Pem(ca.CertificateDer))], new Ledger.Core.Consortium.ConsortiumLimits());
        var result = new Ledger.Core.Consortium.Membership(config).Resolve(identity.Certificate.Der, NotBefore.AddDays(1).ToUnixTimeMilliseconds());
        Assert.NotNull(result.Member);
    }

    [Fact]
    public void Loading_a_member_certificate_as_an_authority_is_refused()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var identity = ca.Issue("dave", "client", NotBefore, NotAfter);

        Assert.Throws<CryptographicException>(() => CertificateAuthority.Load(identity.Certificate.Der, identity.Key));
    }

    [Fact]
    public void Signing_identity_refuses_a_key_that_is_not_the_certificates()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var identity = ca.Issue("erin", "client", NotBefore, NotAfter);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<CryptographicException>(() => new SigningIdentity(identity.Certificate.Der, otherKey));
    }
}
