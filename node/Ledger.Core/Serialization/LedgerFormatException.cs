namespace Ledger.Core.Serialization;

/// <summary>Bytes that are not a valid canonical encoding of the expected structure.</summary>
public sealed class LedgerFormatException(string message) : FormatException(message);
