using System.Text.Json.Serialization;

namespace Ledger.Core.Consortium;

/// <summary>Limits every node enforces identically (they are part of the chain's rules).</summary>
public sealed record ConsortiumLimits(
    [property: JsonPropertyName("maxTransactionBytes")] int MaxTransactionBytes = ConsortiumLimits.DefaultMaxTransactionBytes)
{
    public const int DefaultMaxTransactionBytes = 128 * 1024;
}
