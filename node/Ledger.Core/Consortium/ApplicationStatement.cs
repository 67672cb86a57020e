using System.Security.Cryptography;
using System.Text;
using Ledger.Core.Identity;

namespace Ledger.Core.Consortium;

/// <summary>
/// What an enterprise's CA signs to apply to the whitelist: a statement binding the chain, the org id
/// and the evidence document, so that an application cannot be made for an org without its CA key
/// and cannot be replayed on another chain or with other evidence. ECDSA P-256 over SHA-256, IEEE
/// P1363 (r || s, 64 bytes), base64 in the <c>Apply</c> arguments.
/// </summary>
public static class ApplicationStatement
{
    public const string Prefix = "ledger-consortium-apply/1";

    public static byte[] Bytes(string chainId, string orgId, string evidenceHash) =>
        Encoding.UTF8.GetBytes($"{Prefix}\n{chainId}\n{orgId}\n{evidenceHash}");

    /// <summary>The base64 signature of the statement by <paramref name="ca"/>.</summary>
    public static string Sign(CertificateAuthority ca, string chainId, string evidenceHash)
    {
        using var key = ca.ExportPrivateKey();
        return Convert.ToBase64String(key.SignData(Bytes(chainId, ca.Org, evidenceHash), HashAlgorithmName.SHA256));
    }

    /// <summary>Whether <paramref name="proof"/> (base64) is the signature of the statement by the CA <paramref name="ca"/>.</summary>
    public static bool Verify(MemberCertificate ca, string chainId, string orgId, string evidenceHash, string proof)
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
        return key.VerifyData(Bytes(chainId, orgId, evidenceHash), signature, HashAlgorithmName.SHA256);
    }
}
