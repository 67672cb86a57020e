using System.Security.Cryptography.X509Certificates;
using Ledger.Core.Identity;

namespace Ledger.Consensus.Raft;

/// <summary>A node's identity file (certificate and key from its org's CA) as a TLS certificate with its private key.</summary>
public sealed class SigningIdentityFile : IDisposable
{
    public SigningIdentityFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"node identity '{path}' does not exist: a cluster node needs a certificate from its org's CA for TLS");
        }

        var document = IdentityDocument.Parse(File.ReadAllText(path));
        using var key = document.LoadPrivateKey();
        using var certificate = X509CertificateLoader.LoadCertificate(document.CertificateDer());
        Certificate = certificate.CopyWithPrivateKey(key);
        Path = path;
    }

    public string Path { get; }

    public X509Certificate2 Certificate { get; }

    public void Dispose() => Certificate.Dispose();
}
