using System.Security.Cryptography;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Identity;

public sealed class ParsedCertificatesTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_certificate_parses_once_and_as_the_parser_reads_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.SelfSigned(Certificates.Name("customs", "node", "node1"), key, NotBefore, NotAfter, isCa: false);

        var first = ParsedCertificates.TryParse(der);
        var again = ParsedCertificates.TryParse(der.ToArray());

        Assert.NotNull(first);
        Assert.Same(first, again);
        var direct = MemberCertificate.Parse(der);
        Assert.Equal(direct.Hash, first.Hash);
        Assert.Equal("customs", first.Org);
        Assert.Equal("node", first.MemberRole);
    }

    [Fact]
    public void Bytes_that_do_not_parse_give_null_every_time()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p384 = Certificates.SelfSigned(Certificates.Name("customs", "node", "p384"), key, NotBefore, NotAfter, isCa: false);

        Assert.Null(ParsedCertificates.TryParse(p384));
        Assert.Null(ParsedCertificates.TryParse(p384));
        Assert.Null(ParsedCertificates.TryParse([0x30, 0x03, 0x02, 0x01, 0x01]));
        Assert.Null(ParsedCertificates.TryParse([]));
    }
}
