namespace Ledger.Core.Transactions;

/// <summary>An additional signature over the payload by another member (e.g. a co-signing party).</summary>
/// <param name="Signer">DER bytes of the signer's X.509 certificate.</param>
/// <param name="Signature">ECDSA P-256 signature over SHA-256(payload), IEEE P1363 (r || s).</param>
public sealed record Endorsement(byte[] Signer, byte[] Signature);
