using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Core.Identity;

namespace Ledger.Core.Consortium;

/// <summary>
/// What an enterprise's CA signs to apply to the whitelist: the chain, the org id, its legal name,
/// the roles it seeks, the hash of the CA certificate itself and the evidence document's hash. So an
/// application cannot be made without the CA key, nor changed, nor replayed on another chain or with
/// other evidence. The signed bytes are the UTF-8 JSON array <c>[Prefix, chainId, orgId, legalName,
/// [roles…], caCertificateHash, evidenceHash]</c>; the signature is ECDSA P-256 over SHA-256 in IEEE
/// P1363 form (r || s, 64 bytes), base64 in the <c>Apply</c> arguments.
/// </summary>
public sealed record ApplicationStatement(string ChainId, string OrgId, string LegalName, IReadOnlyList<string> Roles, string CaCertificateHash, string EvidenceHash)
{
    public const string Prefix = "ledger-consortium-apply/1";

    public byte[] ToBytes() =>
        JsonSerializer.SerializeToUtf8Bytes(new object[] { Prefix, ChainId, OrgId, LegalName, Roles.ToArray(), CaCertificateHash, EvidenceHash });

    /// <summary>The statement for <paramref name="ca"/>'s own org and certificate.</summary>
    public static ApplicationStatement For(CertificateAuthority ca, string chainId, string legalName, IReadOnlyList<string> roles, string evidenceHash) =>
        new(chainId, ca.Org, legalName, roles, MemberCertificate.IdentityHash(ca.CertificateDer).ToHex(), evidenceHash);

    /// <summary>The base64 signature of the statement by <paramref name="ca"/>.</summary>
    public string Sign(CertificateAuthority ca)
    {
        using var key = ca.ExportPrivateKey();
        return Convert.ToBase64String(key.SignData(ToBytes(), HashAlgorithmName.SHA256));
    }

    /// <summary>Whether <paramref name="proof"/> (base64) is the signature of <paramref name="statement"/> by the CA <paramref name="ca"/>.</summary>
    public static bool Verify(MemberCertificate ca, ApplicationStatement statement, string proof)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(proof);
        }
        catch (FormatException)
        {
            return false;
        }

        if (signature.Length != 64)
        {
            return false;
        }

        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = ca.PublicKey[..32], Y = ca.PublicKey[32..] },
        });
        return key.VerifyData(statement.ToBytes(), signature, HashAlgorithmName.SHA256);
    }
}
