using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Execution.Tests;

/// <summary>A contract that exercises the context: writes, rejections, exceptions, ranges, query indexes, history.</summary>
public sealed class ProbeContract : ContractBase
{
    public ProbeContract()
    {
        Function("Put", ctx =>
        {
            ctx.PutState(Arg(ctx, "key"), Encoding.UTF8.GetBytes(Arg(ctx, "value")));
            return ContractResponse.Success();
        });
        Function("Delete", ctx =>
        {
            ctx.DeleteState(Arg(ctx, "key"));
            return ContractResponse.Success();
        });
        Function("Get", ctx => ctx.GetState(Arg(ctx, "key")) is { } v
            ? ContractResponse.Success(JsonSerializer.Serialize(Encoding.UTF8.GetString(v)))
            : ContractResponse.Reject("NOT_FOUND", "no such key"));
        Function("PutThenReject", ctx =>
        {
            ctx.PutState(Arg(ctx, "key"), "x"u8);
            ctx.EmitEvent("ShouldNotAppear", "{}");
            return ContractResponse.Reject("NOPE", "changed my mind");
        });
        Function("PutThenThrow", ctx =>
        {
            ctx.PutState(Arg(ctx, "key"), "x"u8);
            throw new InvalidOperationException("boom");
        });
        Function("Range", ctx => ContractResponse.Success(JsonSerializer.Serialize(
            ctx.GetStateByRange(Arg(ctx, "from"), Arg(ctx, "to")).Select(kv => kv.Key + "=" + Encoding.UTF8.GetString(kv.Value)).ToArray())));
        Function("PutComposite", ctx =>
        {
            var key = ctx.CreateCompositeKey("owner", Arg(ctx, "owner"), Arg(ctx, "id"));
            ctx.PutState(key, "1"u8);
            return ContractResponse.Success();
        });
        Function("ByOwner", ctx => ContractResponse.Success(JsonSerializer.Serialize(
            ctx.GetStateByPartialCompositeKey("owner", Arg(ctx, "owner")).Select(kv => ctx.SplitCompositeKey(kv.Key).Attributes[1]).ToArray())));
        Function("IndexPut", ctx =>
        {
            ctx.PutIndexEntry(Arg(ctx, "index"), Strings(ctx, "entry"));
            return ContractResponse.Success();
        });
        Function("IndexDelete", ctx =>
        {
            ctx.DeleteIndexEntry(Arg(ctx, "index"), Strings(ctx, "entry"));
            return ContractResponse.Success();
        });
        Function("IndexPutThenReject", ctx =>
        {
            ctx.PutIndexEntry(Arg(ctx, "index"), Strings(ctx, "entry"));
            return ContractResponse.Reject("NOPE", "changed my mind");
        });
        Function("IndexRead", ctx =>
        {
            var after = ctx.Arguments.TryGetProperty("after", out _) ? Strings(ctx, "after") : null;
            var limit = ctx.Arguments.TryGetProperty("limit", out var l) ? l.GetInt32() : 10;
            var entries = ctx.GetIndexEntries(Arg(ctx, "index"), Strings(ctx, "prefix"), after, limit);
            return ContractResponse.Success(JsonSerializer.Serialize(entries.Select(e => string.Join('/', e)).ToArray()));
        });
        Function("History", ctx => ContractResponse.Success(JsonSerializer.Serialize(
            ctx.GetHistory(Arg(ctx, "key")).Select(h => h.IsDelete ? "deleted" : Encoding.UTF8.GetString(h.Value)).ToArray())));
        Function("Context", ctx => ContractResponse.Success(JsonSerializer.Serialize(new
        {
            txId = ctx.TxId,
            height = ctx.BlockHeight,
            time = ctx.BlockTime.ToUnixTimeMilliseconds(),
            org = ctx.Caller.Org,
            roles = ctx.Caller.OrgRoles,
            memberRole = ctx.Caller.MemberRole,
        })));
        Function("Emit", ctx =>
        {
            ctx.EmitEvent("Probed", "{\"n\":1}");
            return ContractResponse.Success();
        });
    }

    public override string Name => "probe";

    private static string[] Strings(IContractContext ctx, string name) =>
        ctx.Arguments.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];

    private static string Arg(IContractContext ctx, string name) =>
        ctx.Arguments.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
}
