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
    [property: JsonPropertyName("auditPath")] IReadOnlyList<string> AuditPath,
    [property: JsonPropertyName("certificate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CertificateEvidence? Certificate = null)
{
    public const string CurrentKind = "ledger.tx-proof/1";

    public string ToJson() => JsonSerializer.Serialize(this, ProofJson.Options);

    /// <exception cref="FormatException">Not a transaction proof file.</exception>
    public static TransactionProof Parse(string json) =>
        ProofJson.Read<TransactionProof>(
            json,
            "transaction proof",
            p => p.Kind == CurrentKind && p.Headers is not null && p.AuditPath is not null && p.Record is not null
                && p.Headers.All(h => h is not null) && p.AuditPath.All(x => x is not null) && p.TxId is not null && p.GenesisHash is not null && p.ChainId is not null
                && (p.Certificate is null || p.Certificate.IsComplete),
            $"kind must be {CurrentKind} with headers, record and auditPath");
}
