using System.Text.Json.Serialization;

namespace Ledger.Client.Proofs;

/// <summary>
/// What a proof carries to show that a quorum of the consortium stands behind its block: the
/// attestations of a certified block at or after the proof's height (with the headers from the
/// proof's block up to it), and, for each attestation, state proofs of the attesting org's record
/// and of the certificate's revocation key after the block before, so the verifier judges each
/// attestation under the membership in force when the block was applied.
/// </summary>
public sealed record CertificateEvidence(
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("headers")] IReadOnlyList<string> Headers,
    [property: JsonPropertyName("attestations")] IReadOnlyList<CertificateEvidence.Signed> Attestations,
    [property: JsonPropertyName("standings")] IReadOnlyList<StateEvidence> Standings)
{
    internal bool IsComplete =>
        Headers is not null && Headers.All(h => h is not null)
        && Attestations is not null && Attestations.All(a => a is { Certificate: not null, Signature: not null })
        && Standings is not null && Standings.All(s => s is not null && s.IsComplete);

    /// <summary>One node's attestation (base64 DER certificate and base64 signature).</summary>
    public sealed record Signed(
        [property: JsonPropertyName("certificate")] string Certificate,
        [property: JsonPropertyName("signature")] string Signature);
}

/// <summary>A state key's value (or absence) with its path in a state tree: the part of a state proof without the headers.</summary>
public sealed record StateEvidence(
    [property: JsonPropertyName("contract")] string Contract,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("present")] bool Present,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("levels")] IReadOnlyList<StateProof.Level> Levels,
    [property: JsonPropertyName("terminal")] StateProof.Leaf? Terminal)
{
    internal bool IsComplete =>
        Contract is not null && Key is not null && Levels is not null
        && Levels.All(l => l is not null && l.Siblings is not null && l.Siblings.All(x => x is not null))
        && (Terminal is not { } t || (t.KeyHash is not null && t.ValueHash is not null));
}
