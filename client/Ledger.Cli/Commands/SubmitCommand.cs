using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Protos.V1;

namespace Ledger.Cli.Commands;

public static class SubmitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var call = new ContractCallOptions();
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait until the transaction's block commits" };
        var timeout = new Option<uint>("--timeout-ms") { Description = "How long to wait for commit (0: the node's default)" };
        var command = new Command("submit", "Sign a transaction with your identity and submit it");
        call.AddTo(command);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var args = call.ArgsOf(ctx.Parse);
            using var client = ctx.Connect();
            var builder = await ctx.BuilderAsync(client, ct);
            var (_, tx) = builder.Build(ctx.Parse.GetValue(call.Contract)!, ctx.Parse.GetValue(call.Function)!, args);
            var response = await client.SubmitAsync(tx, ctx.Parse.GetValue(wait), ctx.Parse.GetValue(timeout), ct);
            Write(ctx, response);
            return !response.Committed ? (ctx.Parse.GetValue(wait) ? 1 : 0) : response.ValidationCode == "Valid" ? 0 : 1;
        }));
        return command;
    }

    private static void Write(CliContext ctx, SubmitResponse r)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["txId"] = r.TxId,
                ["committed"] = r.Committed,
                ["height"] = r.Committed ? r.Height : null,
                ["index"] = r.Committed ? r.Index : null,
                ["status"] = r.Committed ? r.ValidationCode : "Pending",
                ["reasonCode"] = string.IsNullOrEmpty(r.ReasonCode) ? null : r.ReasonCode,
                ["reason"] = string.IsNullOrEmpty(r.Reason) ? null : r.Reason,
                ["result"] = CliContext.JsonOrString(r.ResultJson),
            });
            return;
        }

        ctx.Out.WriteLine($"txId   {r.TxId}");
        if (!r.Committed)
        {
            ctx.Out.WriteLine("status Pending (accepted, not yet committed)");
            return;
        }

        ctx.Out.WriteLine($"block  {r.Height} (index {r.Index})");
        ctx.Out.WriteLine($"status {r.ValidationCode}{(string.IsNullOrEmpty(r.ReasonCode) ? string.Empty : " " + r.ReasonCode)}");
        if (!string.IsNullOrEmpty(r.Reason))
        {
            ctx.Out.WriteLine($"reason {r.Reason}");
        }

        if (!string.IsNullOrEmpty(r.ResultJson))
        {
            ctx.Out.WriteLine(CliContext.PrettyJson(r.ResultJson));
        }
    }
}
