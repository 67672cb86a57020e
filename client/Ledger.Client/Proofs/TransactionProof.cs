using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Client.Proofs;

/// <summary>
/// A self-contained proof that a transaction (with its recorded outcome) is in block H of a chain:
/// the canonical headers 1..H (linking block H to genesis), the transaction record's leaf data and
/// its RFC 9162 audit path. Checked offline by <see cref="OfflineVerifier"/> against a genesis the
/// verifier already trusts. The JSON form is the file <c>ledger proof tx</c> writes.
/// </summary>
public sealed record TransactionProof(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("chainId")] string ChainId,
    [property: JsonPropertyName("genesisHash")] string GenesisHash,
    [property: JsonPropertyName("txId")] string TxId,
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("headers")] IReadOnlyList<string> Headers,
    [property: JsonPropertyName("record")] string Record,
    [property: JsonPropertyName("leafIndex")] ulong LeafIndex,
    [property: JsonPropertyName("auditPath")] IReadOnlyList<string> AuditPath)
{
    public const string CurrentKind = "ledger.tx-proof/1";

    // files, not HTML: base64 and text stay as written
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Not a transaction proof file.</exception>
    public static TransactionProof Parse(string json)
    {
        try
        {
            var proof = JsonSerializer.Deserialize<TransactionProof>(json)
                ?? throw new FormatException("not a transaction proof: empty");
            if (proof.Kind != CurrentKind || proof.Headers is null || proof.AuditPath is null || proof.Record is null
                || proof.Headers.Any(h => h is null) || proof.AuditPath.Any(p => p is null) || proof.TxId is null || proof.GenesisHash is null || proof.ChainId is null)
            {
                throw new FormatException($"not a transaction proof: kind must be {CurrentKind} with headers, record and auditPath");
            }

            return proof;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a transaction proof: {e.Message}");
        }
    }
}
