namespace Ledger.Cli;

/// <summary>What every command is built with: the global options and where output goes.</summary>
public sealed record CliEnvironment(GlobalOptions Options, TextWriter Output, TextWriter Error);
