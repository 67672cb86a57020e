using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>A member's certificate with its private key: what a client signs with.</summary>
public sealed class SigningIdentity : IDisposable
{
    private readonly ECDsa _key;

    public SigningIdentity(byte[] certificateDer, ECDsa privateKey)
    {
        Certificate = MemberCertificate.Parse(certificateDer);
        _key = privateKey;
        var publicKey = privateKey.ExportParameters(false);
        if (!publicKey.Q.X!.AsSpan().SequenceEqual(Certificate.PublicKey.AsSpan(0, 32)) ||
            !publicKey.Q.Y!.AsSpan().SequenceEqual(Certificate.PublicKey.AsSpan(32, 32)))
        {
            throw new CryptographicException("the private key does not belong to the certificate");
        }
    }

    public MemberCertificate Certificate { get; }

    public ECDsa Key => _key;

    /// <summary>ECDSA P-256 over SHA-256 of <paramref name="data"/>, IEEE P1363 (64 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
