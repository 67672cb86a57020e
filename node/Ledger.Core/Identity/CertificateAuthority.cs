using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ledger.Core.Identity;

/// <summary>
/// An organisation's certificate authority: a self-signed P-256 root that issues member
/// certificates (subject <c>CN=name, OU=memberRole, O=org</c>).
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _certificate;

    private CertificateAuthority(string org, X509Certificate2 certificate)
    {
        Org = org;
        _certificate = certificate;
    }

    public string Org { get; }

    public byte[] CertificateDer => _certificate.RawData;

    public static CertificateAuthority Create(string org, string displayName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = BuildName($"{displayName} CA", "ca", org);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(notBefore, notAfter);
        return new CertificateAuthority(org, cert);
    }

    /// <summary>Loads a CA from its certificate and private key.</summary>
    public static CertificateAuthority Load(byte[] certificateDer, ECDsa privateKey)
    {
        using var publicCert = X509CertificateLoader.LoadCertificate(certificateDer);
        var parsed = MemberCertificate.Parse(certificateDer);
        if (!parsed.IsAuthority)
        {
            throw new CryptographicException("the certificate is not a CA certificate");
        }

        return new CertificateAuthority(parsed.Org, publicCert.CopyWithPrivateKey(privateKey));
    }

    public ECDsa ExportPrivateKey()
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(_certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey(), out _);
        return key;
    }

    /// <summary>Issues a member certificate for a new P-256 key and returns both.</summary>
    /// <param name="hostNames">For a node's TLS certificate: the IP addresses and DNS names it serves at (subject alternative names).</param>
    public SigningIdentity Issue(string name, string memberRole, DateTimeOffset notBefore, DateTimeOffset notAfter, IReadOnlyList<string>? hostNames = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = IssueFor(key, name, memberRole, notBefore, notAfter, hostNames);
        return new SigningIdentity(der, key);
    }

    /// <summary>Issues a member certificate for the public half of <paramref name="subjectKey"/>.</summary>
    public byte[] IssueFor(ECDsa subjectKey, string name, string memberRole, DateTimeOffset notBefore, DateTimeOffset notAfter, IReadOnlyList<string>? hostNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberRole);
        var request = new CertificateRequest(BuildName(name, memberRole, Org), subjectKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (hostNames is { Count: > 0 })
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var host in hostNames)
            {
                if (System.Net.IPAddress.TryParse(host, out var ip))
                {
                    names.AddIpAddress(ip);
                }
                else
                {
                    names.AddDnsName(host);
                }
            }

            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        if (notAfter > _certificate.NotAfter)
        {
            notAfter = _certificate.NotAfter;
        }

        using var cert = request.Create(_certificate, notBefore, notAfter, serial);
        return cert.RawData;
    }

    private static X500DistinguishedName BuildName(string commonName, string unit, string org)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(org);
        builder.AddOrganizationalUnitName(unit);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public void Dispose() => _certificate.Dispose();
}
