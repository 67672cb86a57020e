using System.CommandLine;
using System.Text.Json.Nodes;

namespace Ledger.Cli.Commands;

public static class StatusCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("status", "Show the node's chain id, height and last block hash");
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var s = await client.StatusAsync(ct);
            var lastHash = Convert.ToHexStringLower(s.LastBlockHash.Span);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["chainId"] = s.ChainId,
                    ["height"] = s.Height,
                    ["lastBlockHash"] = lastHash,
                    ["genesisHash"] = Convert.ToHexStringLower(s.GenesisHash.Span),
                    ["stateRoot"] = Convert.ToHexStringLower(s.StateRoot.Span),
                    ["nodeId"] = s.NodeId,
                    ["lastBlockTime"] = DateTimeOffset.FromUnixTimeMilliseconds(s.LastBlockTimeUnixMs).ToString("O"),
                    ["mempoolSize"] = s.MempoolSize,
                    ["diskBytes"] = s.DiskBytes,
                    ["role"] = s.Role,
                    ["leader"] = s.Leader.Length == 0 ? null : s.Leader,
                    ["term"] = s.Term,
                    ["peers"] = s.Peers,
                    ["certifiedHeight"] = s.CertifiedHeight,
                    ["attestationQuorum"] = s.AttestationQuorum,
                });
            }
            else
            {
                ctx.Out.WriteLine($"chain      {s.ChainId}");
                ctx.Out.WriteLine($"node       {s.NodeId} at {client.Address}");
                ctx.Out.WriteLine($"height     {s.Height}");
                ctx.Out.WriteLine($"last block {lastHash} ({DateTimeOffset.FromUnixTimeMilliseconds(s.LastBlockTimeUnixMs):u})");
                ctx.Out.WriteLine($"genesis    {Convert.ToHexStringLower(s.GenesisHash.Span)}");
                ctx.Out.WriteLine($"mempool    {s.MempoolSize} pending");
                ctx.Out.WriteLine(s.Role == "solo" ? "ordering   alone (solo)" : $"raft       {s.Role}, leader {(s.Leader.Length == 0 ? "(none)" : s.Leader)}, term {s.Term}, {s.Peers} peers connected");
                ctx.Out.WriteLine(s.AttestationQuorum == 0 ? "certified  (the chain sets no attestation policy)" : $"certified  up to block {s.CertifiedHeight} (a certificate needs {s.AttestationQuorum} attesting orgs)");
            }

            return 0;
        }));
        return command;
    }
}
