using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Chaincode.Equipment;

/// <summary>
/// The equipment lifecycle contract (<c>equipment</c>): a machine's identity, ownership and whole
/// life (see the partial files: Lifecycle for overlays and export, Records for the working life,
/// Queries for history, lists and EPCIS). Guarantees here: only manufacturers register; a PIN is
/// registered once (spellings normalised; another manufacturer's claim or a reused engine serial is
/// a suspected clone); only the owner proposes a transfer, to a member org or a private buyer by
/// salted hash, and may cancel it; only the named buyer accepts it; overlays block both.
/// Deterministic: reads only state, arguments, caller and block time.
/// </summary>
public sealed partial class EquipmentContract : ContractBase
{
    public const string ContractName = "equipment";

    /// <summary>Prefix of the owner of a machine held by a private person: then only their salted hash follows.</summary>
    public const string PrivateOwner = "private:";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public EquipmentContract()
    {
        Function("Register", Register);
        Function("ProposeTransfer", ProposeTransfer);
        Function("AcceptTransfer", AcceptTransfer);
        Function("CancelTransfer", CancelTransfer);
        Function("Get", Get);
        RegisterLifecycle();
        RegisterQueries();
        RegisterRecords();
    }

    public override string Name => ContractName;

    /// <summary>Arguments that name a private person: only ever a salted SHA-256.</summary>
    private static readonly string[] PrivatePersonFields = ["toPrivate", "ownerHash", "sellerHash"];

    /// <summary>
    /// At the door, before anything is stored: a field that names a private person must be a salted
    /// SHA-256 (64 hex digits), so that an id number, name or phone number sent by mistake never
    /// reaches a block, not even as a rejected transaction.
    /// </summary>
    public override ContractResponse? CheckArguments(string function, JsonElement arguments)
    {
        foreach (var field in PrivatePersonFields)
        {
            if (arguments.TryGetProperty(field, out var value) && (value.ValueKind != JsonValueKind.String || !IsSha256Hex(value.GetString()!)))
            {
                return ContractResponse.Reject("PRIVATE_PERSON_IN_CLEAR", $"{field} must be a salted SHA-256 (64 hex digits) chosen by the org: a private person never stands on the ledger in clear");
            }
        }

        return null;
    }

    private static string MachineKey(string id) => "machine/" + id;

    /// <summary>Which machine a component (by normalised serial) is installed in.</summary>
    private static string ComponentKey(string serial) => "component/" + serial;

    private static ContractResponse Register(IContractContext ctx)
    {
        if (!ctx.Caller.HasRole(Roles.Manufacturer))
        {
            return NotAuthorized(ctx, "Register", Roles.Manufacturer);
        }

        var args = new Args(ctx.Arguments);
        var pin = args.String("pin");
        var manufacturer = args.String("manufacturer");
        var model = args.String("model");
        var category = args.String("category");
        if (pin is null || manufacturer is null || model is null || category is null)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "Register needs pin, manufacturer, model and category");
        }

        var id = EquipmentIds.Normalize(pin);
        if (id is null)
        {
            return ContractResponse.Reject("BAD_PIN", $"'{pin}' is not a PIN/serial: letters, digits and separators, at most {EquipmentIds.MaxLength} characters");
        }

        var documentHash = args.String("documentHash");
        if (documentHash is not null && !IsSha256Hex(documentHash))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "documentHash must be 64 hex digits (SHA-256)");
        }

        if (Load(ctx, id) is { } existing)
        {
            // the same org registering again is a duplicate; another manufacturer claiming the PIN is a clone
            return existing.RegisteredBy.EndsWith("@" + ctx.Caller.Org, StringComparison.Ordinal)
                ? ContractResponse.Reject("DUPLICATE_IDENTITY", $"a machine with PIN {id} is registered already")
                : ContractResponse.Reject("SUSPECTED_CLONE", $"PIN {id} is registered already by another manufacturer: suspected clone");
        }

        var engine = args.String("engineSerial");
        string? engineKey = null;
        if (engine is not null)
        {
            if (EquipmentIds.Normalize(engine) is not { } serial)
            {
                return ContractResponse.Reject(ReasonCodes.BadArguments, $"engineSerial '{engine}' is not a serial: letters, digits and separators");
            }

            engineKey = ComponentKey(serial);
            if (ctx.GetState(engineKey) is { } holder)
            {
                return ContractResponse.Reject("SUSPECTED_CLONE", $"engine {serial} is in machine {Encoding.UTF8.GetString(holder)} already: suspected clone");
            }
        }

        var machine = new Machine(
            id,
            pin,
            manufacturer,
            model,
            category,
            args.String("manufactureDate"),
            args.String("engineSerial"),
            args.String("emissionStage"),
            documentHash?.ToLowerInvariant(),
            ctx.Caller.Org,
            "Registered",
            null,
            ctx.Caller.Name + "@" + ctx.Caller.Org,
            ctx.TxId,
            ctx.BlockTime,
            ctx.TxId,
            ctx.BlockHeight);
        if (engineKey is not null)
        {
            ctx.PutState(engineKey, Encoding.UTF8.GetBytes(id));
            machine = machine with { Components = [new Component(EquipmentIds.Normalize(engine!)!, "engine", ctx.Caller.Org, ctx.TxId)] };
        }

        return Save(ctx, machine, "EquipmentRegistered");
    }

    private static ContractResponse ProposeTransfer(IContractContext ctx)
    {
        var args = new Args(ctx.Arguments);
        var to = args.String("to");
        var toPrivate = args.String("toPrivate");
        if (args.String("id") is not { } id || (to is null) == (toPrivate is null))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "ProposeTransfer needs id and either to (the buyer's org) or toPrivate (a private buyer's salted SHA-256, never the person in clear)");
        }

        if (toPrivate is not null && !IsSha256Hex(toPrivate))
        {
            return ContractResponse.Reject("PRIVATE_PERSON_IN_CLEAR", "toPrivate must be a salted SHA-256 (64 hex digits) chosen by the seller's org: a private person never stands on the ledger in clear");
        }

        if (Load(ctx, id) is not { } machine)
        {
            return NotFound(id);
        }

        if (!string.Equals(machine.Owner, ctx.Caller.Org, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("NOT_OWNER", $"only the owner ({machine.Owner}) may propose a transfer of {machine.Id}");
        }

        if (Blocked(ctx, machine, "transferred") is { } blocked)
        {
            return blocked;
        }

        if (toPrivate is not null)
        {
            // a private buyer cannot sign an acceptance: the sale is recorded by the selling org at once
            if (machine.PendingTransfer is not null)
            {
                return ContractResponse.Reject("TRANSFER_PENDING", $"a transfer of {machine.Id} to {machine.PendingTransfer.To} is pending");
            }

            return Save(ctx, AfterOwnershipChange(machine) with { Owner = PrivateOwner + toPrivate.ToLowerInvariant(), Status = Statuses.InService }, "TransferredToPrivatePerson");
        }

        if (ctx.RolesOf(to!) is null)
        {
            return ContractResponse.Reject("UNKNOWN_ORG", $"'{to}' is not a member org of the consortium");
        }

        if (string.Equals(to, machine.Owner, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("SAME_OWNER", $"{machine.Id} is owned by {to} already");
        }

        if (machine.PendingTransfer is not null)
        {
            return ContractResponse.Reject("TRANSFER_PENDING", $"a transfer of {machine.Id} to {machine.PendingTransfer.To} is pending");
        }

        var pending = new PendingTransfer(to!, ctx.Caller.Name + "@" + ctx.Caller.Org, ctx.TxId, ctx.BlockTime);
        return Save(ctx, machine with { PendingTransfer = pending }, "TransferProposed");
    }

    private static ContractResponse AcceptTransfer(IContractContext ctx)
    {
        if (new Args(ctx.Arguments).String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "AcceptTransfer needs id");
        }

        if (Load(ctx, id) is not { } machine)
        {
            return NotFound(id);
        }

        if (machine.PendingTransfer is not { } pending)
        {
            return ContractResponse.Reject("NO_PENDING_TRANSFER", $"no transfer of {machine.Id} is pending");
        }

        if (!string.Equals(pending.To, ctx.Caller.Org, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("NOT_BUYER", $"only the named buyer ({pending.To}) may accept the transfer of {machine.Id}");
        }

        // an overlay placed after the proposal blocks its acceptance too
        if (Blocked(ctx, machine, "transferred") is { } blocked)
        {
            return blocked;
        }

        return Save(ctx, AfterOwnershipChange(machine) with { Owner = pending.To, PendingTransfer = null, Status = Statuses.InService }, "TransferAccepted");
    }

    private static ContractResponse CancelTransfer(IContractContext ctx)
    {
        if (new Args(ctx.Arguments).String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "CancelTransfer needs id");
        }

        if (Load(ctx, id) is not { } machine)
        {
            return NotFound(id);
        }

        if (!string.Equals(machine.Owner, ctx.Caller.Org, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("NOT_OWNER", $"only the owner ({machine.Owner}) may cancel a transfer of {machine.Id}");
        }

        if (machine.PendingTransfer is null)
        {
            return ContractResponse.Reject("NO_PENDING_TRANSFER", $"no transfer of {machine.Id} is pending");
        }

        return Save(ctx, machine with { PendingTransfer = null }, "TransferCancelled");
    }

    private static ContractResponse Get(IContractContext ctx)
    {
        if (new Args(ctx.Arguments).String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "Get needs id");
        }

        var bytes = EquipmentIds.Normalize(id) is { } normalized ? ctx.GetState(MachineKey(normalized)) : null;
        return bytes is null ? NotFound(id) : ContractResponse.Success(Encoding.UTF8.GetString(bytes));
    }

    private static void Reindex(IContractContext ctx, string index, string id, string? before, string after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return;
        }

        if (before is not null)
        {
            ctx.DeleteIndexEntry(index, before, id);
        }

        ctx.PutIndexEntry(index, after, id);
    }

    private static Machine? Load(IContractContext ctx, string id)
    {
        var normalized = EquipmentIds.Normalize(id);
        var bytes = normalized is null ? null : ctx.GetState(MachineKey(normalized));
        return bytes is null ? null : JsonSerializer.Deserialize<Machine>(bytes, Json);
    }

    /// <summary>
    /// Query indexes (owner or status, then machine id) that list machines without a scan. They are
    /// derived from the machine records, which are the state every proof is about.
    /// </summary>
    private const string ByOwner = "by-owner";
    private const string ByStatus = "by-status";

    private static ContractResponse Save(IContractContext ctx, Machine machine, string eventName)
    {
        var updated = machine with { LastTx = ctx.TxId, LastHeight = ctx.BlockHeight, LastEvent = eventName };
        var json = JsonSerializer.Serialize(updated, Json);
        var key = MachineKey(updated.Id);
        var previous = ctx.GetState(key) is { } bytes ? JsonSerializer.Deserialize<Machine>(bytes, Json) : null;
        Reindex(ctx, ByOwner, updated.Id, previous?.Owner, updated.Owner);
        Reindex(ctx, ByStatus, updated.Id, previous?.Status, updated.Status);
        ctx.PutState(key, Encoding.UTF8.GetBytes(json));
        ctx.EmitEvent(eventName, JsonSerializer.Serialize(new { id = updated.Id, owner = updated.Owner, txId = ctx.TxId }, Json));
        return ContractResponse.Success(json);
    }

    private static ContractResponse NotFound(string id) => ContractResponse.Reject(ReasonCodes.NotFound, $"no machine with id {id}");

    private static bool IsSha256Hex(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
