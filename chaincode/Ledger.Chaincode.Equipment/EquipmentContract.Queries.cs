using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Chaincode.Equipment;

/// <summary>
/// Read-only views: a machine's whole history, and machines by owner or status. The lists scan the
/// machines in id order a page at a time (<c>limit</c> up to <see cref="MaxPage"/>, resumed with
/// <c>after</c>, the last id of the previous page), so no index keys are written per machine.
/// </summary>
public sealed partial class EquipmentContract
{
    public const int MaxPage = 100;

    private void RegisterQueries()
    {
        Function("History", History);
        Function("ExportEpcis", ExportEpcis);
        Function("ListByOwner", ctx => List(ctx, "ListByOwner", "owner", ByOwner));
        Function("ListByStatus", ctx => List(ctx, "ListByStatus", "status", ByStatus));
    }

    private static ContractResponse History(IContractContext ctx)
    {
        if (new Args(ctx.Arguments).String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "History needs id");
        }

        if (EquipmentIds.Normalize(id) is not { } normalized || ctx.GetState(MachineKey(normalized)) is null)
        {
            return NotFound(id);
        }

        var entries = new JsonArray();
        foreach (var change in ctx.GetHistory(MachineKey(normalized)))
        {
            entries.Add(new JsonObject
            {
                ["txId"] = change.TxId,
                ["height"] = change.Height,
                ["index"] = change.TxIndex,
                ["time"] = change.BlockTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["record"] = change.IsDelete ? null : JsonNode.Parse(Encoding.UTF8.GetString(change.Value)),
            });
        }

        return ContractResponse.Success(new JsonObject { ["id"] = normalized, ["history"] = entries }.ToJsonString());
    }

    /// <summary>The machine's history as an EPCIS 2.0 JSON-LD document (see <see cref="Epcis"/>).</summary>
    private static ContractResponse ExportEpcis(IContractContext ctx)
    {
        if (new Args(ctx.Arguments).String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "ExportEpcis needs id");
        }

        if (EquipmentIds.Normalize(id) is not { } normalized || ctx.GetState(MachineKey(normalized)) is null)
        {
            return NotFound(id);
        }

        var events = new JsonArray();
        Machine? previous = null;
        foreach (var change in ctx.GetHistory(MachineKey(normalized)))
        {
            if (change.IsDelete)
            {
                continue;
            }

            var record = JsonSerializer.Deserialize<Machine>(change.Value, Json)!;
            events.Add(Epcis.Event(record, previous, change.TxId, change.BlockTime));
            previous = record;
        }

        return ContractResponse.Success(Epcis.Document(events, ctx.BlockTime).ToJsonString());
    }

    /// <summary>A page of machines from an index (ordered by id), after the id <c>after</c>.</summary>
    private static ContractResponse List(IContractContext ctx, string function, string field, string index)
    {
        var args = new Args(ctx.Arguments);
        var limit = args.Integer("limit") ?? MaxPage;
        if (args.String(field) is not { } wanted || wanted.Contains('\0', StringComparison.Ordinal) || limit < 1 || limit > MaxPage)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"{function} needs {field}, and limit (if given) from 1 to {MaxPage}");
        }

        var after = args.String("after");
        if (after is not null && after.Contains('\0', StringComparison.Ordinal))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"{function}: after is a machine id");
        }

        var machines = new JsonArray();
        string? last = null;
        // the index is read one page at a time, so a page costs the same however many machines match
        foreach (var entry in ctx.GetIndexEntries(index, [wanted], after is null ? null : [wanted, after], (int)limit))
        {
            var id = entry[1];
            machines.Add(JsonNode.Parse(ctx.GetState(MachineKey(id))!));
            last = id;
        }

        var page = new JsonObject { [field] = wanted, ["machines"] = machines, ["next"] = machines.Count == limit ? last : null };
        return ContractResponse.Success(page.ToJsonString());
    }
}
