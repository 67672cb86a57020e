using System.Text.Json.Nodes;
using Ledger.Protos.V1;

namespace Ledger.Cli.Commands;

/// <summary>How blocks and transactions are shown, as JSON and as text.</summary>
public static class BlockView
{
    public static string Hex(Google.Protobuf.ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public static JsonObject Header(BlockHeader h) => new()
    {
        ["height"] = h.Height,
        ["hash"] = Hex(h.Hash),
        ["previousHash"] = Hex(h.PreviousHash),
        ["txRoot"] = Hex(h.TxRoot),
        ["txCount"] = h.TxCount,
        ["stateRoot"] = Hex(h.StateRoot),
        ["blockTime"] = DateTimeOffset.FromUnixTimeMilliseconds(h.BlockTimeUnixMs).ToString("O"),
        ["blockTimeUnixMs"] = h.BlockTimeUnixMs,
        ["proposer"] = h.Proposer,
        ["version"] = h.Version,
        ["chainId"] = h.ChainId,
        ["configVersion"] = h.ConfigVersion,
        ["configHash"] = Hex(h.ConfigHash),
    };

    public static JsonObject Transaction(TransactionRecord t) => new()
    {
        ["txId"] = t.TxId,
        ["index"] = t.Index,
        ["contract"] = t.Contract,
        ["function"] = t.Function,
        ["creator"] = string.IsNullOrEmpty(t.CreatorOrg) ? null : $"{t.CreatorName}@{t.CreatorOrg}",
        ["status"] = t.ValidationCode,
        ["reasonCode"] = string.IsNullOrEmpty(t.ReasonCode) ? null : t.ReasonCode,
        ["reason"] = string.IsNullOrEmpty(t.Reason) ? null : t.Reason,
        ["arguments"] = CliContext.JsonOrString(t.ArgumentsJson),
        ["result"] = CliContext.JsonOrString(t.ResultJson),
        ["events"] = new JsonArray(t.Events.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["payload"] = CliContext.JsonOrString(e.PayloadJson) }).ToArray()),
    };

    public static JsonObject Block(Block b)
    {
        var json = Header(b.Header);
        json["transactions"] = new JsonArray(b.Transactions.Select(t => (JsonNode)Transaction(t)).ToArray());
        return json;
    }

    public static void WriteText(TextWriter o, Block b)
    {
        var h = b.Header;
        o.WriteLine($"block {h.Height}  {Hex(h.Hash)}");
        o.WriteLine($"  previous   {Hex(h.PreviousHash)}");
        o.WriteLine($"  tx root    {Hex(h.TxRoot)}");
        o.WriteLine($"  state root {Hex(h.StateRoot)}");
        o.WriteLine($"  time       {DateTimeOffset.FromUnixTimeMilliseconds(h.BlockTimeUnixMs):O}  proposer {h.Proposer}");
        o.WriteLine($"  {b.Transactions.Count} transactions");
        foreach (var t in b.Transactions)
        {
            var reason = string.IsNullOrEmpty(t.ReasonCode) ? t.Reason : $"{t.ReasonCode}: {t.Reason}";
            o.WriteLine($"  [{t.Index}] {t.TxId} {t.Contract}.{t.Function} by {t.CreatorName}@{t.CreatorOrg}: {t.ValidationCode}{(string.IsNullOrEmpty(reason) ? string.Empty : " (" + reason + ")")}");
        }
    }
}
