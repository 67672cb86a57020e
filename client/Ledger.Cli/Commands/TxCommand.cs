using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Client;
using Ledger.Protos;

namespace Ledger.Cli.Commands;

public static class TxCommand
{
    public static Command Create(CliEnvironment env)
    {
        var txId = new Argument<string>("txid") { Description = "Transaction id (64 hex digits)" };
        var command = new Command("tx", "Show a committed transaction and check its inclusion proof");
        command.Arguments.Add(txId);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var response = await client.GetTransactionAsync(ctx.Parse.GetValue(txId)!, ct);
            bool verified;
            var t = response.Transaction;
            try
            {
                verified = BlockVerification.VerifyInclusion(response);
                // the proof covers the envelope and the outcome; show the fields as the envelope says
                t = ProtoMapper.ToProto(BlockVerification.ToRecord(response.Transaction), (int)response.Transaction.Index);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
            {
                verified = false;
            }

            if (ctx.Json)
            {
                var json = BlockView.Transaction(t);
                json["height"] = response.Header.Height;
                json["blockHash"] = BlockView.Hex(response.Header.Hash);
                json["proof"] = new JsonObject
                {
                    ["leafIndex"] = response.Proof.LeafIndex,
                    ["treeSize"] = response.Proof.TreeSize,
                    ["leafHash"] = BlockView.Hex(response.Proof.LeafHash),
                    ["auditPath"] = new JsonArray(response.Proof.AuditPath.Select(p => (JsonNode)BlockView.Hex(p)).ToArray()),
                    ["txRoot"] = BlockView.Hex(response.Header.TxRoot),
                    ["verified"] = verified,
                };
                ctx.WriteJson(json);
            }
            else
            {
                ctx.Out.WriteLine($"tx       {t.TxId}");
                ctx.Out.WriteLine($"block    {response.Header.Height} {BlockView.Hex(response.Header.Hash)} (index {t.Index})");
                ctx.Out.WriteLine($"call     {t.Contract}.{t.Function} by {t.CreatorName}@{t.CreatorOrg}");
                ctx.Out.WriteLine($"args     {t.ArgumentsJson}");
                ctx.Out.WriteLine($"status   {t.ValidationCode}{(string.IsNullOrEmpty(t.ReasonCode) ? string.Empty : " " + t.ReasonCode)} {t.Reason}".TrimEnd());
                ctx.Out.WriteLine($"proof    {(verified ? "verified" : "FAILED")}: leaf {response.Proof.LeafIndex} of {response.Proof.TreeSize}, {response.Proof.AuditPath.Count} hashes to tx root {BlockView.Hex(response.Header.TxRoot)}");
            }

            if (!verified)
            {
                throw new CliException("the inclusion proof served by the node does not verify");
            }

            return 0;
        }));
        return command;
    }
}
