using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Identity;

public sealed class IdentityDocumentTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Member_document_round_trips_through_json_and_still_signs()
    {
        using var ca = CertificateAuthority.Create("exporter", "exporter", NotBefore, NotAfter);
        using var identity = ca.Issue("grace", "client", NotBefore, NotAfter);
        var document = IdentityDocument.From(identity);

        var parsed = IdentityDocument.Parse(document.ToJson());
        using var restored = parsed.ToSigningIdentity();

        Assert.Equal(document, parsed);
        Assert.Equal(1, parsed.Version);
        Assert.Equal("exporter", parsed.Org);
        Assert.Equal("grace", parsed.Name);
        Assert.Equal("client", parsed.Role);
        Assert.Equal(identity.Certificate.Der, restored.Certificate.Der);
        using var verifier = new SignatureVerifier();
        var data = "payload"u8.ToArray();
        Assert.True(verifier.Verify(identity.Certificate.PublicKey, Hash32.Compute(data).ToArray(), restored.Sign(data)));
    }

    [Fact]
    public void Json_uses_the_documented_property_names()
    {
        using var ca = CertificateAuthority.Create("exporter", "exporter", NotBefore, NotAfter);
        using var identity = ca.Issue("heidi", "client", NotBefore, NotAfter);

        using var json = JsonDocument.Parse(IdentityDocument.From(identity).ToJson());

        Assert.Equal(
            ["version", "org", "name", "role", "certificate", "privateKey"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", json.RootElement.GetProperty("certificate").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", json.RootElement.GetProperty("privateKey").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authority_document_round_trips_and_the_restored_authority_issues_trusted_members()
    {
        using var ca = CertificateAuthority.Create("customs", "customs", NotBefore, NotAfter);
        var document = IdentityDocument.FromAuthority(ca);

        var parsed = IdentityDocument.Parse(document.ToJson());
        using var restored = parsed.ToAuthority();
        using var member = restored.Issue("ivan", "client", NotBefore, NotAfter);

        Assert.Equal(document, parsed);
        Assert.Equal("ca", parsed.Role);
        Assert.Equal("customs CA", parsed.Name);
        Assert.Equal(ca.CertificateDer, restored.CertificateDer);
        var config = new ConsortiumConfig("c", 1, [new OrgConfig("customs", "customs", ["customs"], Certificates.Pem(ca.CertificateDer))], new ConsortiumLimits());
        var result = new Membership(config).Resolve(member.Certificate.Der, NotBefore.AddDays(1).ToUnixTimeMilliseconds());
        Assert.NotNull(result.Member);
    }

    [Fact]
    public void Member_document_cannot_be_loaded_as_an_authority()
    {
        using var ca = CertificateAuthority.Create("customs", "customs", NotBefore, NotAfter);
        using var identity = ca.Issue("judy", "client", NotBefore, NotAfter);

        Assert.Throws<CryptographicException>(() => IdentityDocument.From(identity).ToAuthority());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAA==\\n-----END CERTIFICATE-----\"}")]
    [InlineData("{\"privateKey\":\"x\"}")]
    [InlineData("{\"certificate\":\"\",\"privateKey\":\"x\"}")]
    [InlineData("{\"version\":\"one\",\"certificate\":\"a\",\"privateKey\":\"b\"}")]
    [InlineData("{\"certificate\":\"a\",\"privateKey\":\"b\"")]
    public void Garbage_is_rejected_with_a_format_exception(string json)
    {
        Assert.Throws<FormatException>(() => IdentityDocument.Parse(json));
    }

    [Fact]
    public void Pem_with_the_wrong_label_is_rejected()
    {
        using var ca = CertificateAuthority.Create("customs", "customs", NotBefore, NotAfter);
        using var identity = ca.Issue("ken", "client", NotBefore, NotAfter);
        var document = IdentityDocument.From(identity);
        var swapped = document with { Certificate = document.PrivateKey, PrivateKey = document.Certificate };

        Assert.Throws<FormatException>(() => swapped.CertificateDer());
        Assert.Throws<FormatException>(() => swapped.LoadPrivateKey());
    }

    [Fact]
    public void Document_whose_key_is_not_the_certificates_is_refused()
    {
        using var ca = CertificateAuthority.Create("customs", "customs", NotBefore, NotAfter);
        using var a = ca.Issue("leo", "client", NotBefore, NotAfter);
        using var b = ca.Issue("mia", "client", NotBefore, NotAfter);
        var mixed = IdentityDocument.From(a) with { PrivateKey = IdentityDocument.From(b).PrivateKey };

        Assert.Throws<CryptographicException>(() => mixed.ToSigningIdentity());
    }

    [Fact]
    public void Document_whose_certificate_is_not_pem_is_rejected_with_a_format_exception()
    {
        var json = """{"version":1,"org":"o","name":"n","role":"ca","certificate":"garbage","privateKey":"garbage"}""";

        var e = Record.Exception(() => IdentityDocument.Parse(json).ToAuthority());

        Assert.IsType<FormatException>(e);
    }
}
