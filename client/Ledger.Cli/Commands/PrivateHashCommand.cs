using System.CommandLine;
using Ledger.Client;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger private-hash</c>: a private person's salted hash, computed here; the identifier never leaves this machine.</summary>
public static class PrivateHashCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Option<string>("--id") { Description = "The person's identifier (e.g. national id number); used only on this machine", Required = true };
        var salt = new Option<string?>("--salt") { Description = "Your org's secret salt (prefer --salt-file)" };
        var saltFile = new Option<string?>("--salt-file") { Description = "File holding your org's secret salt" };
        var command = new Command("private-hash", "Print the salted SHA-256 that stands for a private person on the ledger");
        command.Options.Add(id);
        command.Options.Add(salt);
        command.Options.Add(saltFile);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var literal = ctx.Parse.GetValue(salt);
            var file = ctx.Parse.GetValue(saltFile);
            if ((literal is null) == (file is null))
            {
                throw new CliException("give exactly one of --salt and --salt-file");
            }

            if (file is not null && !File.Exists(file))
            {
                throw new CliException($"'{file}' does not exist");
            }

            var secret = literal ?? (await File.ReadAllTextAsync(file!, ct)).Trim();
            try
            {
                ctx.Out.WriteLine(PrivatePerson.Hash(secret, ctx.Parse.GetValue(id)!));
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
            }

            return 0;
        }));
        return command;
    }
}
