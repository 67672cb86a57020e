using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Core.Identity;

namespace Ledger.Core.Tests.Support;

/// <summary>Certificates that CertificateAuthority would never issue, for the negative identity tests.</summary>
internal static class Certificates
{
    public static X500DistinguishedName Name(string org, string unit, string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(org);
        builder.AddOrganizationalUnitName(unit);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>A subject whose single RDN holds both O and CN (a multi-valued RDN, legal X.500).</summary>
    public static X500DistinguishedName MultiValuedName(string org, string commonName)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSetOf())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.5.4.10");
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, org);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.5.4.3");
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, commonName);
                }
            }
        }

        return new X500DistinguishedName(writer.Encode());
    }

    /// <summary>Signs a certificate for <paramref name="subjectKey"/> with the CA's key, with any subject.</summary>
    public static byte[] IssueWith(CertificateAuthority issuer, X500DistinguishedName subject, ECDsa subjectKey, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa = false)
    {
        using var issuerKey = issuer.ExportPrivateKey();
        using var issuerPublic = X509CertificateLoader.LoadCertificate(issuer.CertificateDer);
        using var issuerCert = issuerPublic.CopyWithPrivateKey(issuerKey);
        var request = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        using var cert = request.Create(issuerCert, notBefore, notAfter, [0x01, 0x02, 0x03, 0x04]);
        return cert.RawData;
    }

    public static byte[] SelfSigned(X500DistinguishedName subject, AsymmetricAlgorithm key, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        return cert.RawData;
    }

    public static string Pem(byte[] der) => PemEncoding.WriteString("CERTIFICATE", der);
}
