using System.CommandLine;

namespace Ledger.Cli.Commands;

public static class QueryCommand
{
    public static Command Create(CliEnvironment env)
    {
        var call = new ContractCallOptions();
        var command = new Command("query", "Evaluate a read-only contract function against the latest state");
        call.AddTo(command);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var args = call.ArgsOf(ctx.Parse);
            using var client = ctx.Connect();
            var builder = await ctx.BuilderAsync(client, ct);
            var (_, query) = builder.Build(ctx.Parse.GetValue(call.Contract)!, ctx.Parse.GetValue(call.Function)!, args);
            var response = await client.EvaluateAsync(query, ct);
            ctx.Out.WriteLine(ctx.Json ? response.ResultJson : CliContext.PrettyJson(response.ResultJson));
            return 0;
        }));
        return command;
    }
}
