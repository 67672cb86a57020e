using System.Security.Cryptography;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Identity;

public sealed class MemberCertificateTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    public void Bytes_that_are_no_certificate_are_rejected(byte[] der)
    {
        Assert.ThrowsAny<CryptographicException>(() => MemberCertificate.Parse(der));
    }

    [Fact]
    public void Certificate_with_an_rsa_key_is_rejected()
    {
        using var rsa = RSA.Create(2048);
        var der = Certificates.SelfSigned(Certificates.Name("operator", "client", "rsa"), rsa, NotBefore, NotAfter, isCa: false);

        Assert.ThrowsAny<CryptographicException>(() => MemberCertificate.Parse(der));
    }

    [Fact]
    public void Certificate_with_a_p384_key_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var der = Certificates.SelfSigned(Certificates.Name("operator", "client", "p384"), key, NotBefore, NotAfter, isCa: false);

        var e = Assert.ThrowsAny<CryptographicException>(() => MemberCertificate.Parse(der));
        Assert.Contains("P-256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_without_an_organisation_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.SelfSigned(new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=nobody"), key, NotBefore, NotAfter, isCa: false);

        var e = Assert.ThrowsAny<CryptographicException>(() => MemberCertificate.Parse(der));
        Assert.Contains("O (organisation)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_with_a_multi_valued_subject_rdn_is_rejected_with_a_cryptographic_exception()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.SelfSigned(Certificates.MultiValuedName("operator", "mallory"), key, NotBefore, NotAfter, isCa: false);

        var e = Record.Exception(() => MemberCertificate.Parse(der));

        Assert.IsAssignableFrom<CryptographicException>(e);
    }

    [Fact]
    public void Validity_is_inclusive_of_both_bounds_to_the_millisecond()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        using var identity = ca.Issue("frank", "client", NotBefore.AddDays(1), NotBefore.AddDays(2));
        var cert = identity.Certificate;

        Assert.False(cert.IsValidAt(cert.NotBeforeUnixMs - 1));
        Assert.True(cert.IsValidAt(cert.NotBeforeUnixMs));
        Assert.True(cert.IsValidAt(cert.NotAfterUnixMs));
        Assert.False(cert.IsValidAt(cert.NotAfterUnixMs + 1));
    }

    [Fact]
    public void Parse_copies_the_input_bytes()
    {
        using var ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotAfter);
        var der = (byte[])ca.CertificateDer.Clone();

        var cert = MemberCertificate.Parse(der);
        der[^1] ^= 0xFF;

        Assert.Equal(ca.CertificateDer, cert.Der);
    }
}
