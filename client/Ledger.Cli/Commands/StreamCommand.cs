using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace Ledger.Cli.Commands;

public static class StreamCommand
{
    public static Command Create(CliEnvironment env)
    {
        var from = new Option<ulong>("--from") { Description = "First height to stream (default 0)" };
        var count = new Option<int?>("--count") { Description = "Stop after this many blocks" };
        var command = new Command("stream", "Print blocks as they commit (one JSON object per line with --json)");
        command.Options.Add(from);
        command.Options.Add(count);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var remaining = ctx.Parse.GetValue(count);
            if (remaining <= 0)
            {
                throw new CliException("--count must be positive");
            }

            try
            {
                await foreach (var block in client.StreamBlocksAsync(ctx.Parse.GetValue(from), ct))
                {
                    if (ctx.Json)
                    {
                        ctx.Out.WriteLine(BlockView.Block(block).ToJsonString());
                    }
                    else
                    {
                        BlockView.WriteText(ctx.Out, block);
                    }

                    ctx.Out.Flush();
                    if (remaining is not null && --remaining == 0)
                    {
                        break;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                // Ctrl+C
            }

            return 0;
        }));
        return command;
    }
}
