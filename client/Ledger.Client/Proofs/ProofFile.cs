using System.Text.Json;

namespace Ledger.Client.Proofs;

/// <summary>Reads a proof file of any kind <c>ledger proof</c> writes.</summary>
public static class ProofFile
{
    /// <returns>A <see cref="TransactionProof"/> or a <see cref="StateProof"/>.</returns>
    /// <exception cref="FormatException">Not a proof file, or of an unknown kind.</exception>
    public static object Parse(string json)
    {
        string? kind;
        try
        {
            using var document = JsonDocument.Parse(json);
            kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a proof file: {e.Message}");
        }

        return kind switch
        {
            TransactionProof.CurrentKind => TransactionProof.Parse(json),
            StateProof.CurrentKind => StateProof.Parse(json),
            _ => throw new FormatException($"not a proof file: kind must be {TransactionProof.CurrentKind} or {StateProof.CurrentKind}, got {kind ?? "none"}"),
        };
    }
}
