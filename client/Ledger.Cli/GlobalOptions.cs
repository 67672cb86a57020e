using System.CommandLine;

namespace Ledger.Cli;

/// <summary>Options every command takes.</summary>
public sealed class GlobalOptions
{
    public const string DefaultNode = "http://127.0.0.1:7050";
    public const string DefaultIdentity = "data/dev-admin.identity";

    public Option<string> Node { get; } = new("--node")
    {
        Description = "Node address (default: $LEDGER_NODE, else " + DefaultNode + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGER_NODE") is { Length: > 0 } n ? n : DefaultNode,
    };

    public Option<string> Identity { get; } = new("--identity")
    {
        Description = "Identity file (default: $LEDGER_IDENTITY, else ./" + DefaultIdentity + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGER_IDENTITY") is { Length: > 0 } i ? i : DefaultIdentity,
    };

    public Option<string?> Trust { get; } = new("--trust")
    {
        Description = "For an https:// node: the consortium's genesis block, config JSON or CA bundle its certificate must chain to (default: $LEDGER_TRUST)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGER_TRUST") is { Length: > 0 } t ? t : null,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON output",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Node);
        root.Options.Add(Identity);
        root.Options.Add(Trust);
        root.Options.Add(Json);
    }
}
