namespace Ledger.Client.Proofs;

/// <summary>The outcome of an offline check: what was proven, or the named check that failed and why.</summary>
public sealed record VerificationResult(bool IsValid, string Check, string Message)
{
    public static VerificationResult Proven(string statement) => new(true, string.Empty, statement);

    public static VerificationResult Failed(string check, string message) => new(false, check, message);
}
