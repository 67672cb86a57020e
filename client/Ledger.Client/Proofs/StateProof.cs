using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Client.Proofs;

/// <summary>
/// A self-contained proof that a state key had a value (or none) after block H of a chain: the
/// canonical headers 1..H (linking block H to genesis), the value, and the key's path in block H's
/// authenticated state tree. Checked offline by <see cref="OfflineVerifier"/> against a genesis the
/// verifier already trusts. The JSON form is the file <c>ledger proof state</c> writes.
/// </summary>
public sealed record StateProof(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("chainId")] string ChainId,
    [property: JsonPropertyName("genesisHash")] string GenesisHash,
    [property: JsonPropertyName("contract")] string Contract,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("headers")] IReadOnlyList<string> Headers,
    [property: JsonPropertyName("present")] bool Present,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("levels")] IReadOnlyList<StateProof.Level> Levels,
    [property: JsonPropertyName("terminal")] StateProof.Leaf? Terminal,
    [property: JsonPropertyName("certificate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CertificateEvidence? Certificate = null)
{
    public const string CurrentKind = "ledger.state-proof/1";

    public string ToJson() => JsonSerializer.Serialize(this, ProofJson.Options);

    /// <summary>The value and path without the headers.</summary>
    [JsonIgnore]
    public StateEvidence Evidence => new(Contract, Key, Present, Value, Levels, Terminal);

    /// <exception cref="FormatException">Not a state proof file.</exception>
    public static StateProof Parse(string json) =>
        ProofJson.Read<StateProof>(
            json,
            "state proof",
            p => p.Kind == CurrentKind && p.Headers is not null && p.Levels is not null && p.Contract is not null && p.Key is not null && p.ChainId is not null && p.GenesisHash is not null
                && p.Headers.All(h => h is not null) && p.Levels.All(l => l is not null && l.Siblings is not null && l.Siblings.All(x => x is not null))
                && (p.Terminal is not { } t || (t.KeyHash is not null && t.ValueHash is not null))
                && (p.Certificate is null || p.Certificate.IsComplete),
            $"kind must be {CurrentKind} with contract, key, headers and levels");

    /// <summary>A branch on the path: its child bitmap and the siblings' hashes (hex) in digit order.</summary>
    public sealed record Level(
        [property: JsonPropertyName("bitmap")] ushort Bitmap,
        [property: JsonPropertyName("siblings")] IReadOnlyList<string> Siblings);

    /// <summary>The leaf the path ends at (hex hashes).</summary>
    public sealed record Leaf(
        [property: JsonPropertyName("keyHash")] string KeyHash,
        [property: JsonPropertyName("valueHash")] string ValueHash);
}
