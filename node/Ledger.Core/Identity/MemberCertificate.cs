using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ledger.Core.Identity;

/// <summary>
/// The parts of a member's X.509 certificate the ledger uses: the org (subject O), the member's
/// name (CN) and member role (OU, e.g. <c>admin</c>, <c>client</c>, <c>node</c>), validity and
/// the P-256 public key. Parsing checks shape only; trust is decided by <see cref="Membership"/>.
/// </summary>
public sealed class MemberCertificate
{
    private MemberCertificate(byte[] der, string org, string name, string memberRole, long notBeforeMs, long notAfterMs, byte[] publicKey, bool isAuthority)
    {
        Der = der;
        Org = org;
        Name = name;
        MemberRole = memberRole;
        NotBeforeUnixMs = notBeforeMs;
        NotAfterUnixMs = notAfterMs;
        PublicKey = publicKey;
        IsAuthority = isAuthority;
        Hash = IdentityHash(der);
    }

    public byte[] Der { get; }

    /// <summary>
    /// The certificate's identity on the ledger (revocation, callers): SHA-256 of its to-be-signed
    /// part, what its CA signed, encoded as DER. Not of the whole certificate: its ECDSA signature can
    /// be re-encoded ((r, s) to (r, n - s)), and its TBS written in BER, without the CA's key, which
    /// changes the bytes but not what was signed; a revoked certificate must not escape that way.
    /// </summary>
    public Hash32 Hash { get; }

    /// <summary>The identity hash of a DER certificate (see <see cref="Hash"/>).</summary>
    /// <exception cref="CryptographicException">Not a DER certificate.</exception>
    public static Hash32 IdentityHash(ReadOnlySpan<byte> der)
    {
        // the TBS as DER, whatever encoding the bytes used: BER variants of one signed content share it
        try
        {
            var certificate = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(der.ToArray())
                ?? throw new CryptographicException("not a DER certificate: no certificate");
            return Hash32.Compute(certificate.GetTbsCertificate());
        }
        catch (Exception e) when (e is not CryptographicException)
        {
            throw new CryptographicException("not a DER certificate: " + e.Message, e);
        }
    }

    public string Org { get; }

    public string Name { get; }

    public string MemberRole { get; }

    public long NotBeforeUnixMs { get; }

    public long NotAfterUnixMs { get; }

    /// <summary>Uncompressed P-256 point without the 0x04 prefix: X (32 bytes) || Y (32 bytes).</summary>
    public byte[] PublicKey { get; }

    public bool IsAuthority { get; }

    /// <exception cref="CryptographicException">Not a DER X.509 certificate with a P-256 key and an O attribute.</exception>
    public static MemberCertificate Parse(ReadOnlySpan<byte> der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        using var key = cert.GetECDsaPublicKey() ?? throw new CryptographicException("the certificate has no ECDSA public key");
        var parameters = key.ExportParameters(false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("the certificate key is not on curve P-256");
        }

        var org = FindAttribute(cert.SubjectName, "2.5.4.10") ?? throw new CryptographicException("the certificate subject has no O (organisation)");
        var name = FindAttribute(cert.SubjectName, "2.5.4.3") ?? string.Empty;
        var role = FindAttribute(cert.SubjectName, "2.5.4.11") ?? string.Empty;
        var isCa = cert.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);
        var publicKey = new byte[64];
        parameters.Q.X!.CopyTo(publicKey, 0);
        parameters.Q.Y!.CopyTo(publicKey, 32);
        return new MemberCertificate(
            der.ToArray(),
            org,
            name,
            role,
            new DateTimeOffset(cert.NotBefore.ToUniversalTime()).ToUnixTimeMilliseconds(),
            new DateTimeOffset(cert.NotAfter.ToUniversalTime()).ToUnixTimeMilliseconds(),
            publicKey,
            isCa);
    }

    public bool IsValidAt(long unixMs) => unixMs >= NotBeforeUnixMs && unixMs <= NotAfterUnixMs;

    private static string? FindAttribute(X500DistinguishedName name, string oid)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                throw new CryptographicException("multi-valued names (e.g. O=x+CN=y) are not accepted in member certificates");
            }

            if (rdn.GetSingleElementType().Value == oid)
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }
}
