using System.CommandLine;
using Ledger.Client;
using Ledger.Protos;

namespace Ledger.Cli.Commands;

public static class BlockCommand
{
    public static Command Create(CliEnvironment env)
    {
        var height = new Option<ulong?>("--height") { Description = "Block height (0 is genesis)" };
        var latest = new Option<bool>("--latest") { Description = "The newest block" };
        var command = new Command("block", "Show a block: header, hash and transactions");
        command.Options.Add(height);
        command.Options.Add(latest);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var h = ctx.Parse.GetValue(height);
            var newest = ctx.Parse.GetValue(latest);
            if (h is null == !newest)
            {
                throw new CliException("give exactly one of --height N or --latest");
            }

            using var client = ctx.Connect();
            var served = newest ? await client.GetLatestBlockAsync(ct) : await client.GetBlockAsync(h!.Value, ct);
            Protos.V1.Block block;
            try
            {
                // show what the canonical bytes say (they are what the hashes cover), not the node's extra fields
                block = ProtoMapper.ToProto(BlockVerification.Decode(served), served.Encoded.ToByteArray());
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
            {
                throw new CliException($"the node served an inconsistent block: {e.Message}");
            }

            if (ctx.Json)
            {
                ctx.WriteJson(BlockView.Block(block));
            }
            else
            {
                BlockView.WriteText(ctx.Out, block);
            }

            return 0;
        }));
        return command;
    }
}
