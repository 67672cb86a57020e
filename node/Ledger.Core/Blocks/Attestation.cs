using Ledger.Core.Identity;
using Ledger.Core.Serialization;

namespace Ledger.Core.Blocks;

/// <summary>
/// A node's signature over the hash of a block it applied: ECDSA P-256 (IEEE P1363) over
/// SHA-256 of <see cref="Statement"/>, made with the key of its node certificate (OU
/// <c>node</c>, issued by its org's CA). Attestations from a quorum of distinct orgs make a
/// block's commit certificate; see <see cref="Consortium.CommitCertificate"/>.
/// </summary>
public sealed record Attestation(byte[] Certificate, byte[] Signature)
{
    /// <summary>The member role (OU) of the certificates nodes attest with.</summary>
    public const string NodeRole = "node";

    public const int MaxCertificateBytes = 8 * 1024;

    private const string Domain = "ledger/attestation/v1";

    // imported keys are cached per thread: nodes attest with the same few keys block after block
    private static readonly SignatureVerifier Verifier = new();

    /// <summary>The attesting certificate's identity (<see cref="MemberCertificate.Hash"/>), or the hash of its bytes when it does not parse.</summary>
    public Hash32 CertificateHash => ParsedCertificates.TryParse(Certificate)?.Hash ?? Hash32.Compute(Certificate);

    /// <summary>What an attestation signs: the domain, the chain, the height and the block hash.</summary>
    public static byte[] Statement(string chainId, ulong height, Hash32 blockHash) =>
        new CanonicalWriter(128).WriteString(Domain).WriteString(chainId).WriteUInt64(height).WriteHash(blockHash).ToArray();

    public static Attestation Sign(SigningIdentity node, BlockHeader header) =>
        new(node.Certificate.Der, node.Sign(Statement(header.ChainId, header.Height, header.Hash)));

    /// <summary>Whether the signature is the certificate key's over this header's statement. Checks the signature only, not who signed.</summary>
    public bool Verifies(BlockHeader header)
    {
        if (Signature.Length != 64)
        {
            return false;
        }

        if (ParsedCertificates.TryParse(Certificate) is not { } certificate)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[Hash32.Size];
        Hash32.Compute(Statement(header.ChainId, header.Height, header.Hash)).WriteTo(digest);
        return Verifier.Verify(certificate.PublicKey, digest, Signature);
    }

    public byte[] Encode() => new CanonicalWriter(Certificate.Length + 80).WriteBytes(Certificate).WriteBytes(Signature).ToArray();

    /// <exception cref="LedgerFormatException">Not an encoded attestation.</exception>
    public static Attestation Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var certificate = reader.ReadBytes("attestation certificate", MaxCertificateBytes);
        var signature = reader.ReadBytes("attestation signature", 64);
        reader.EnsureEnd("attestation");
        return new Attestation(certificate, signature);
    }
}
