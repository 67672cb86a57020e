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
    [property: JsonPropertyName("terminal")] StateProof.Leaf? Terminal)
{
    public const string CurrentKind = "ledger.state-proof/1";

    // files, not HTML: base64 and text stay as written
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Not a state proof file.</exception>
    public static StateProof Parse(string json)
    {
        try
        {
            var proof = JsonSerializer.Deserialize<StateProof>(json)
                ?? throw new FormatException("not a state proof: empty");
            if (proof.Kind != CurrentKind || proof.Headers is null || proof.Levels is null || proof.Contract is null || proof.Key is null || proof.ChainId is null || proof.GenesisHash is null
                || proof.Headers.Any(h => h is null) || proof.Levels.Any(l => l is null || l.Siblings is null || l.Siblings.Any(x => x is null))
                || (proof.Terminal is { } t && (t.KeyHash is null || t.ValueHash is null)))
            {
                throw new FormatException($"not a state proof: kind must be {CurrentKind} with contract, key, headers and levels");
            }

            return proof;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a state proof: {e.Message}");
        }
    }

    /// <summary>A branch on the path: its child bitmap and the siblings' hashes (hex) in digit order.</summary>
    public sealed record Level(
        [property: JsonPropertyName("bitmap")] ushort Bitmap,
        [property: JsonPropertyName("siblings")] IReadOnlyList<string> Siblings);

    /// <summary>The leaf the path ends at (hex hashes).</summary>
    public sealed record Leaf(
        [property: JsonPropertyName("keyHash")] string KeyHash,
        [property: JsonPropertyName("valueHash")] string ValueHash);
}
