namespace Ledger.Cli;

/// <summary>A failure to report to the user as one clear line, with a non-zero exit code.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
