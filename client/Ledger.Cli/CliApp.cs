using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;
using Ledger.Cli.Commands;

namespace Ledger.Cli;

/// <summary>The <c>ledger</c> command line. <see cref="RunAsync"/> is the whole program, callable in-process by tests.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("ledger: the command-line client of a Ledger consortium node");
        options.AddTo(root);

        var env = new CliEnvironment(options, output, error);
        Command[] commands =
        [
            StatusCommand.Create(env),
            SubmitCommand.Create(env),
            QueryCommand.Create(env),
            BlockCommand.Create(env),
            TxCommand.Create(env),
            StreamCommand.Create(env),
            KeysCommand.Create(env),
            ProofCommands.Genesis(env),
            ProofCommands.Proof(env),
            ProofCommands.Verify(env),
            BenchCommand.Create(env),
            PrivateHashCommand.Create(env),
            ConsortiumCommand.Create(env),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        // no response files: '--args @file.json' is ours to read (see ContractCallOptions)
        return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>Wraps a command body: every failure becomes one message on stderr and a non-zero exit code.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(CliEnvironment env, Func<CliContext, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var context = new CliContext(parse, env.Options, env.Output, env.Error);
            try
            {
                return await body(context, cancellationToken);
            }
            catch (CliException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                WriteJsonError(context, "CliError", e.Message, null);
                return e.ExitCode;
            }
            catch (RpcException e)
            {
                var status = e.GetRpcStatus();
                var reason = status?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;
                var violations = status?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations;
                var message = context.Client?.TlsFailure is { } tls ? $"cannot reach the node at {context.NodeAddress}: its TLS certificate is refused: {tls}"
                    : e.StatusCode == StatusCode.Unavailable ? $"cannot reach the node at {context.NodeAddress}: {e.Status.Detail}"
                    : e.Status.Detail;
                context.Error.WriteLine($"error: {e.StatusCode}{(reason is null ? string.Empty : $" ({reason})")}: {message}");
                foreach (var v in violations ?? [])
                {
                    context.Error.WriteLine($"  field {v.Field}: {v.Description}");
                }

                WriteJsonError(context, e.StatusCode.ToString(), message, reason);
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or HttpRequestException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                WriteJsonError(context, "IOError", e.Message, null);
                return 1;
            }
        };

    private static void WriteJsonError(CliContext context, string code, string message, string? reason)
    {
        if (context.Json)
        {
            context.WriteJson(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["reason"] = reason } });
        }
    }
}
