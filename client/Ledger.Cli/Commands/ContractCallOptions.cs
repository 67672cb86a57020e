using System.CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>--contract, --function and --args, shared by submit and query.</summary>
public sealed class ContractCallOptions
{
    public Option<string> Contract { get; } = new("--contract", "-c") { Description = "Contract name, e.g. equipment", Required = true };

    public Option<string> Function { get; } = new("--function", "-f") { Description = "Function name, e.g. Register", Required = true };

    public Option<string> Args { get; } = new("--args", "-a") { Description = "Arguments as a JSON object", DefaultValueFactory = _ => "{}" };

    public void AddTo(Command command)
    {
        command.Options.Add(Contract);
        command.Options.Add(Function);
        command.Options.Add(Args);
    }

    /// <summary>The arguments, sent exactly as given; the node validates them (and says why it refuses them).</summary>
    public string ArgsOf(ParseResult parse)
    {
        var text = parse.GetValue(Args) ?? "{}";
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            if (!File.Exists(path))
            {
                throw new CliException($"arguments file '{path}' does not exist");
            }

            text = File.ReadAllText(path);
        }

        return text;
    }
}
