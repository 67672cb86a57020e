using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;

namespace Ledger.Client;

/// <summary>
/// The CA roots of the consortium's orgs, as a client's only trust for a node's TLS certificate: the
/// certificate must name the host it is reached at, chain to one of these roots (the system trust
/// store plays no part), be the node certificate (OU <c>node</c>) of the org whose root it chains to,
/// and be valid now. Read from the genesis block, the consortium config JSON, or a PEM bundle.
/// </summary>
public sealed class ConsortiumTrust
{
    private readonly X509Certificate2Collection _roots;

    public ConsortiumTrust(IEnumerable<X509Certificate2> roots)
    {
        _roots = [.. roots];
        if (_roots.Count == 0)
        {
            throw new FormatException("the trust file holds no CA certificate");
        }
    }

    public int Count => _roots.Count;

    /// <exception cref="FormatException">Not a genesis block, consortium config or PEM bundle of CA certificates.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ConsortiumTrust Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"trust file '{path}' does not exist: give the consortium's genesis block, its config JSON, or a PEM bundle of its CAs");
        }

        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        ConsortiumConfig? config = null;
        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                config = ConsortiumConfig.Parse(bytes);
            }
            else if (!text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                config = Genesis.ReadConfig(Block.Decode(bytes));
            }
        }
        catch (FormatException e)
        {
            throw new FormatException($"trust file '{path}' is not a genesis block, consortium config or PEM bundle: {e.Message}");
        }

        if (config is not null)
        {
            return new ConsortiumTrust(config.Orgs.Select(o => X509CertificateLoader.LoadCertificate(ConsortiumConfig.PemToDer(o.RootCertificate))));
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new FormatException($"trust file '{path}' is not a valid PEM bundle: {e.Message}");
        }

        return new ConsortiumTrust(bundle.Where(IsAuthority));
    }

    private static bool IsAuthority(X509Certificate2 certificate)
    {
        try
        {
            return MemberCertificate.Parse(certificate.RawData).IsAuthority;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // not a P-256 CA of an org: no trust root of a consortium
        }
    }

    /// <returns>Null when <paramref name="certificate"/> is a consortium node's certificate for this host, else why not.</returns>
    public string? Check(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the node presented no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return "the node's certificate does not name the host it was reached at";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(leaf))
        {
            return "the node's certificate does not chain to a CA of the consortium: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
        }

        MemberCertificate member;
        MemberCertificate root;
        try
        {
            member = MemberCertificate.Parse(leaf.RawData);
            root = MemberCertificate.Parse(chain.ChainElements[^1].Certificate.RawData);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            return "the node's certificate is not a member certificate: " + e.Message;
        }

        if (!string.Equals(member.MemberRole, Attestation.NodeRole, StringComparison.Ordinal))
        {
            return $"{member.Name}@{member.Org} is a '{member.MemberRole}' certificate, not a node's";
        }

        return string.Equals(root.Org, member.Org, StringComparison.Ordinal) ? null : $"the certificate names org '{member.Org}' but chains to the CA of '{root.Org}'";
    }
}
