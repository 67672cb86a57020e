using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Chaincode.Equipment;

/// <summary>
/// Records of the machine's working life: procurement (from a private seller, by salted hash
/// only), refurbishment, key components, the remanufacture mark, invoices and after-sales
/// complaints. Document contents stay off the ledger; their SHA-256 hashes go on it.
/// </summary>
public sealed partial class EquipmentContract
{
    private void RegisterRecords()
    {
        Function("RecordProcurement", ctx => Act(ctx, "RecordProcurement", role: null, RecordProcurement));
        Function("RecordRefurbishment", ctx => Act(ctx, "RecordRefurbishment", Roles.Remanufacturer, RecordRefurbishment));
        Function("InstallComponent", ctx => Act(ctx, "InstallComponent", role: null, InstallComponent));
        Function("RemoveComponent", ctx => Act(ctx, "RemoveComponent", role: null, RemoveComponent));
        Function("CertifyRemanufacture", ctx => Act(ctx, "CertifyRemanufacture", Roles.Inspector, CertifyRemanufacture));
        Function("RecordInvoice", ctx => Act(ctx, "RecordInvoice", Roles.Tax, RecordInvoice));
        Function("RecordComplaint", ctx => Act(ctx, "RecordComplaint", role: null, RecordComplaint));
        Function("ResolveComplaint", ctx => Act(ctx, "ResolveComplaint", role: null, ResolveComplaint));
    }

    /// <summary>
    /// A remanufacturer or dealer records how it procured the machine: from a private person (the
    /// machine's owner is a private person; ownership moves to the caller) or, after a transfer,
    /// from the org it bought from (the caller owns it already).
    /// </summary>
    private static ContractResponse RecordProcurement(IContractContext ctx, Machine machine, Args args)
    {
        if (!ctx.Caller.HasRole(Roles.Remanufacturer) && !ctx.Caller.HasRole(Roles.Exporter))
        {
            return NotAuthorized(ctx, "RecordProcurement", $"{Roles.Remanufacturer} or {Roles.Exporter}");
        }

        var fromPrivate = machine.Owner.StartsWith(PrivateOwner, StringComparison.Ordinal);
        if (!fromPrivate && !IsOwner(ctx, machine))
        {
            return ContractResponse.Reject("NOT_OWNER", $"{machine.Id} is owned by {machine.Owner}: buy it by transfer first, or from its private owner");
        }

        var sellerHash = args.String("sellerHash");
        if (fromPrivate && sellerHash is null)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "a procurement from a private person needs sellerHash (a salted SHA-256 the org chooses) and ownerHash (the owner's hash on the ledger, from the seller's papers)");
        }

        // a private seller signs nothing: the procuring org names the ledger's owner hash the person
        // showed it, so a machine is not taken from the wrong owner (and who took it stays on record)
        if (fromPrivate && args.String("ownerHash") is var ownerHash && !string.Equals(PrivateOwner + ownerHash?.ToLowerInvariant(), machine.Owner, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("OWNER_MISMATCH", $"ownerHash does not name {machine.Id}'s private owner on the ledger");
        }

        if (sellerHash is not null && !IsSha256Hex(sellerHash))
        {
            return ContractResponse.Reject("PRIVATE_PERSON_IN_CLEAR", "sellerHash must be a salted SHA-256 (64 hex digits): a private person never stands on the ledger in clear");
        }

        var price = Money(args, "priceMinor", required: false);
        if (price.Error is { } moneyError)
        {
            return moneyError;
        }

        var documentHash = args.String("documentHash");
        if (documentHash is not null && !IsSha256Hex(documentHash))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "documentHash must be 64 hex digits (SHA-256)");
        }

        if (fromPrivate && Blocked(ctx, machine, "procured") is { } blocked)
        {
            return blocked;
        }

        var procurement = new Procurement(
            ctx.Caller.Org,
            fromPrivate ? null : LastOwner(ctx, machine),
            sellerHash?.ToLowerInvariant(),
            price.Amount,
            price.Currency,
            documentHash?.ToLowerInvariant(),
            ctx.TxId,
            ctx.BlockTime);
        // from an org, the caller owns the machine already (by transfer): only the record is added
        var updated = fromPrivate ? AfterOwnershipChange(machine) with { Owner = ctx.Caller.Org, Status = Statuses.InService } : machine;
        return Save(ctx, updated with { Procurement = procurement }, "ProcurementRecorded");
    }

    private static ContractResponse RecordRefurbishment(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("workDone") is not { } work || args.String("reportHash") is not { } report || !IsSha256Hex(report))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RecordRefurbishment needs workDone and reportHash (SHA-256 hex of the report); partsReplaced is an optional list of part names or serials");
        }

        if (args.Strings("partsReplaced") is not { } parts)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "partsReplaced must be a list of non-empty strings");
        }

        var refurbishment = new Refurbishment(ctx.Caller.Org, work, parts, report.ToLowerInvariant(), ctx.TxId, ctx.BlockTime);
        return Save(ctx, machine with { Refurbishment = refurbishment, RemanufactureMark = null }, "RefurbishmentRecorded");
    }

    private static ContractResponse InstallComponent(IContractContext ctx, Machine machine, Args args)
    {
        if (!ctx.Caller.HasRole(Roles.Remanufacturer) && !ctx.Caller.HasRole(Roles.Manufacturer))
        {
            return NotAuthorized(ctx, "InstallComponent", $"{Roles.Manufacturer} or {Roles.Remanufacturer}");
        }

        if (ComponentChangeBlocked(ctx, machine) is { } blocked)
        {
            return blocked;
        }

        if (args.String("serial") is not { } raw || EquipmentIds.Normalize(raw) is not { } serial || args.String("kind") is not { } kind)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "InstallComponent needs serial (letters, digits and separators) and kind (e.g. engine, hydraulic-pump)");
        }

        if (ctx.GetState(ComponentKey(serial)) is { } holder)
        {
            return ContractResponse.Reject("COMPONENT_IN_USE", $"component {serial} is installed in machine {Encoding.UTF8.GetString(holder)}: remove it there first");
        }

        ctx.PutState(ComponentKey(serial), Encoding.UTF8.GetBytes(machine.Id));
        var components = machine.Components ?? [];
        return Save(ctx, machine with { Components = [.. components, new Component(serial, kind, ctx.Caller.Org, ctx.TxId)] }, "ComponentInstalled");
    }

    private static ContractResponse RemoveComponent(IContractContext ctx, Machine machine, Args args)
    {
        if (!ctx.Caller.HasRole(Roles.Remanufacturer) && !ctx.Caller.HasRole(Roles.Manufacturer))
        {
            return NotAuthorized(ctx, "RemoveComponent", $"{Roles.Manufacturer} or {Roles.Remanufacturer}");
        }

        if (ComponentChangeBlocked(ctx, machine) is { } blocked)
        {
            return blocked;
        }

        if (args.String("serial") is not { } raw || EquipmentIds.Normalize(raw) is not { } serial)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RemoveComponent needs serial");
        }

        var components = machine.Components ?? [];
        if (!components.Any(c => c.Serial == serial))
        {
            return ContractResponse.Reject("COMPONENT_NOT_INSTALLED", $"component {serial} is not installed in {machine.Id}");
        }

        ctx.DeleteState(ComponentKey(serial));
        var rest = components.Where(c => c.Serial != serial).ToArray();
        return Save(ctx, machine with { Components = rest.Length == 0 ? null : rest }, "ComponentRemoved");
    }

    private static ContractResponse CertifyRemanufacture(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("certificateNumber") is not { } number)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "CertifyRemanufacture needs certificateNumber");
        }

        if (machine.Refurbishment is null)
        {
            return ContractResponse.Reject("NOT_REMANUFACTURED", $"{machine.Id} has no refurbishment or remanufacture recorded to certify");
        }

        if (machine.RemanufactureMark is not null)
        {
            return ContractResponse.Reject("ALREADY_CERTIFIED", $"{machine.Id}'s remanufacture is certified already ({machine.RemanufactureMark.CertificateNumber})");
        }

        return Save(ctx, machine with { RemanufactureMark = new RemanufactureMark(ctx.Caller.Org, number, ctx.TxId, ctx.BlockTime) }, "RemanufactureCertified");
    }

    private static ContractResponse RecordInvoice(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("invoiceNumber") is not { } number || args.String("kind") is not ("standard" or "agency" or "reverse") )
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RecordInvoice needs invoiceNumber and kind: standard, agency or reverse (the last two for private sellers)");
        }

        var kind = args.String("kind")!;
        var money = Money(args, "amountMinor", required: true);
        if (money.Error is { } moneyError)
        {
            return moneyError;
        }

        var sellerHash = args.String("sellerHash");
        if (kind != "standard" && sellerHash is null)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"a {kind} invoice is for a private seller: it needs sellerHash (salted SHA-256)");
        }

        if (sellerHash is not null && !IsSha256Hex(sellerHash))
        {
            return ContractResponse.Reject("PRIVATE_PERSON_IN_CLEAR", "sellerHash must be a salted SHA-256 (64 hex digits): a private person never stands on the ledger in clear");
        }

        var invoice = new Invoice(ctx.Caller.Org, number, kind, money.Amount!.Value, money.Currency!, sellerHash?.ToLowerInvariant(), ctx.TxId, ctx.BlockTime);
        return Save(ctx, machine with { Invoice = invoice }, "InvoiceRecorded");
    }

    /// <summary>After-sales: the owner or the org that exported the machine records a buyer's complaint.</summary>
    private static ContractResponse RecordComplaint(IContractContext ctx, Machine machine, Args args)
    {
        if (!IsOwner(ctx, machine) && machine.Declaration?.DeclaredBy != ctx.Caller.Org)
        {
            return ContractResponse.Reject("NOT_AUTHORIZED", $"complaints about {machine.Id} are recorded by its owner or by the org that exported it");
        }

        if (args.String("complaintId") is not { } complaintId || args.String("summaryHash") is not { } summary || !IsSha256Hex(summary))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RecordComplaint needs complaintId and summaryHash (SHA-256 hex of the complaint)");
        }

        var complaints = machine.Complaints ?? [];
        if (complaints.Any(c => c.ComplaintId == complaintId))
        {
            return ContractResponse.Reject("DUPLICATE_COMPLAINT", $"complaint {complaintId} is recorded already");
        }

        var complaint = new Complaint(complaintId, ctx.Caller.Org, summary.ToLowerInvariant(), null, ctx.TxId, null);
        return Save(ctx, machine with { Complaints = [.. complaints, complaint] }, "ComplaintRecorded");
    }

    private static ContractResponse ResolveComplaint(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("complaintId") is not { } complaintId || args.String("resolutionHash") is not { } resolution || !IsSha256Hex(resolution))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "ResolveComplaint needs complaintId and resolutionHash (SHA-256 hex of the resolution)");
        }

        var complaints = machine.Complaints ?? [];
        if (complaints.FirstOrDefault(c => c.ComplaintId == complaintId) is not { } open)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"no complaint {complaintId} on {machine.Id}");
        }

        if (open.RecordedBy != ctx.Caller.Org)
        {
            return ContractResponse.Reject("NOT_AUTHORIZED", $"complaint {complaintId} is closed by {open.RecordedBy}, which recorded it");
        }

        if (open.ResolutionHash is not null)
        {
            return ContractResponse.Reject("ALREADY_RESOLVED", $"complaint {complaintId} is resolved already");
        }

        var updated = complaints.Select(c => c.ComplaintId == complaintId ? c with { ResolutionHash = resolution.ToLowerInvariant(), ResolvedTx = ctx.TxId } : c).ToArray();
        return Save(ctx, machine with { Complaints = updated }, "ComplaintResolved");
    }

    /// <summary>Components change only on a machine the caller owns, not under a court freeze, not exported.</summary>
    private static ContractResponse? ComponentChangeBlocked(IContractContext ctx, Machine machine)
    {
        if (!IsOwner(ctx, machine))
        {
            return ContractResponse.Reject("NOT_OWNER", $"only the owner ({machine.Owner}) records component changes of {machine.Id}");
        }

        if (machine.Freeze is { } freeze)
        {
            return ContractResponse.Reject("FROZEN", $"{machine.Id} is frozen by {freeze.Court} (case {freeze.CaseNumber}): its components cannot change");
        }

        return machine.Status is Statuses.ExportDeclared or Statuses.Exported or Statuses.Deregistered
            ? ContractResponse.Reject("EXPORTED", $"{machine.Id} is {machine.Status}: its components cannot change")
            : null;
    }

    /// <summary>The org the machine last came from by transfer (for a procurement record), or null.</summary>
    private static string? LastOwner(IContractContext ctx, Machine machine)
    {
        string? previous = null;
        foreach (var change in ctx.GetHistory(MachineKey(machine.Id)))
        {
            if (change.IsDelete)
            {
                continue;
            }

            var owner = JsonSerializer.Deserialize<Machine>(change.Value, Json)!.Owner;
            if (owner != machine.Owner)
            {
                previous = owner;
            }
        }

        return previous is not null && previous.StartsWith(PrivateOwner, StringComparison.Ordinal) ? null : previous;
    }

    /// <summary>An amount in minor units with its ISO 4217 currency; both absent is fine unless required.</summary>
    private static (long? Amount, string? Currency, ContractResponse? Error) Money(Args args, string field, bool required)
    {
        var amount = args.Integer(field);
        var currency = args.String("currency");
        if (!required && amount is null && currency is null && !args.Has(field))
        {
            return (null, null, null);
        }

        if (amount is not { } a || a <= 0)
        {
            return (null, null, ContractResponse.Reject(ReasonCodes.BadArguments, $"{field} must be a positive whole number of the currency's minor units, never a fraction"));
        }

        if (currency is null || !IsUpperLetters(currency, 3))
        {
            return (null, null, ContractResponse.Reject(ReasonCodes.BadArguments, $"{field} needs currency: an ISO 4217 code such as CNY or USD"));
        }

        return (a, currency, null);
    }
}
