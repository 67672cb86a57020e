using System.Globalization;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Chaincode.Equipment;

/// <summary>
/// The machine's life after registration, each step by the party DOMAIN.md names: overlays that
/// block transfer and export (court freeze, bank lien, customs supervision), the export path
/// (licence by commerce, declaration by the owner, clearance by customs, deregistration by the
/// registry), inspections, valuations and scrapping.
/// </summary>
public sealed partial class EquipmentContract
{
    private static readonly string[] TimeFormats = ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    private delegate ContractResponse Step(IContractContext ctx, Machine machine, Args args);

    private void RegisterLifecycle()
    {
        Function("Freeze", ctx => Act(ctx, "Freeze", Roles.Court, Freeze));
        Function("Unfreeze", ctx => Act(ctx, "Unfreeze", Roles.Court, Unfreeze));
        Function("PlaceLien", ctx => Act(ctx, "PlaceLien", Roles.Bank, PlaceLien));
        Function("ReleaseLien", ctx => Act(ctx, "ReleaseLien", Roles.Bank, ReleaseLien));
        Function("ConsentToTransfer", ctx => Act(ctx, "ConsentToTransfer", Roles.Bank, ConsentToTransfer));
        Function("PlaceCustomsSupervision", ctx => Act(ctx, "PlaceCustomsSupervision", Roles.Customs, PlaceSupervision));
        Function("ReleaseCustomsSupervision", ctx => Act(ctx, "ReleaseCustomsSupervision", Roles.Customs, ReleaseSupervision));
        Function("RequestExportLicence", ctx => Act(ctx, "RequestExportLicence", Roles.Exporter, RequestExportLicence));
        Function("ApproveExportLicence", ctx => Act(ctx, "ApproveExportLicence", Roles.Commerce, ApproveExportLicence));
        Function("RejectExportLicence", ctx => Act(ctx, "RejectExportLicence", Roles.Commerce, RejectExportLicence));
        Function("DeclareExport", ctx => Act(ctx, "DeclareExport", Roles.Exporter, DeclareExport));
        Function("ClearExport", ctx => Act(ctx, "ClearExport", Roles.Customs, ClearExport));
        Function("RejectDeclaration", ctx => Act(ctx, "RejectDeclaration", Roles.Customs, RejectDeclaration));
        Function("Deregister", ctx => Act(ctx, "Deregister", Roles.Registry, Deregister));
        Function("RecordInspection", ctx => Act(ctx, "RecordInspection", Roles.Inspector, RecordInspection));
        Function("RecordValuation", ctx => Act(ctx, "RecordValuation", Roles.Assessor, RecordValuation));
        Function("Scrap", ctx => Act(ctx, "Scrap", role: null, Scrap));
    }

    /// <summary>The common frame of a step: the caller's role, the machine, and nothing after scrapping.</summary>
    private static ContractResponse Act(IContractContext ctx, string function, string? role, Step step)
    {
        if (role is not null && !ctx.Caller.HasRole(role))
        {
            return NotAuthorized(ctx, function, role);
        }

        var args = new Args(ctx.Arguments);
        if (args.String("id") is not { } id)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"{function} needs id");
        }

        if (Load(ctx, id) is not { } machine)
        {
            return NotFound(id);
        }

        if (machine.Status == Statuses.Scrapped)
        {
            return ContractResponse.Reject("SCRAPPED", $"{machine.Id} is scrapped: nothing follows");
        }

        return step(ctx, machine, args);
    }

    private static ContractResponse NotAuthorized(IContractContext ctx, string function, string role) =>
        ContractResponse.Reject("NOT_AUTHORIZED", $"{function} is for a {role} org; {ctx.Caller.Org} is not one");

    /// <summary>The overlay or status that stops the machine being <paramref name="what"/> (transferred, exported), or null.</summary>
    private static ContractResponse? Blocked(IContractContext ctx, Machine machine, string what)
    {
        if (machine.Status == Statuses.Scrapped)
        {
            return ContractResponse.Reject("SCRAPPED", $"{machine.Id} is scrapped: it cannot be {what}");
        }

        if (machine.Status is Statuses.ExportDeclared or Statuses.Exported or Statuses.Deregistered)
        {
            return ContractResponse.Reject("EXPORTED", $"{machine.Id} is {machine.Status}: it cannot be {what} without re-import");
        }

        if (machine.Freeze is { } freeze)
        {
            return ContractResponse.Reject("FROZEN", $"{machine.Id} is frozen by {freeze.Court} (case {freeze.CaseNumber}): it cannot be {what}");
        }

        if (machine.Liens?.FirstOrDefault(l => l.ConsentTx is null) is { } lien)
        {
            return ContractResponse.Reject("LIEN", $"{machine.Id} carries a lien of {lien.Holder} ({lien.Reference}): it cannot be {what} until released or the lienholder consents");
        }

        if (machine.Supervision is { } supervision && supervision.Until > ctx.BlockTime)
        {
            return ContractResponse.Reject("CUSTOMS_SUPERVISION", $"{machine.Id} is under supervision of {supervision.Customs} until {supervision.Until:O}: it cannot be {what}");
        }

        return null;
    }

    private static ContractResponse Freeze(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("caseNumber") is not { } caseNumber)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "Freeze needs caseNumber");
        }

        if (machine.Freeze is not null)
        {
            return ContractResponse.Reject("ALREADY_FROZEN", $"{machine.Id} is frozen already (case {machine.Freeze.CaseNumber})");
        }

        return Save(ctx, machine with { Freeze = new Freeze(ctx.Caller.Org, caseNumber, ctx.TxId, ctx.BlockTime) }, "Frozen");
    }

    private static ContractResponse Unfreeze(IContractContext ctx, Machine machine, Args args)
    {
        if (machine.Freeze is not { } freeze)
        {
            return ContractResponse.Reject("NOT_FROZEN", $"{machine.Id} is not frozen");
        }

        if (!string.Equals(freeze.Court, ctx.Caller.Org, StringComparison.Ordinal))
        {
            return ContractResponse.Reject("NOT_AUTHORIZED", $"only {freeze.Court}, which froze {machine.Id}, may lift the freeze");
        }

        return Save(ctx, machine with { Freeze = null }, "Unfrozen");
    }

    private static ContractResponse PlaceLien(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("reference") is not { } reference)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "PlaceLien needs reference (the lease or mortgage contract number)");
        }

        var liens = machine.Liens ?? [];
        if (liens.Any(l => l.Holder == ctx.Caller.Org && l.Reference == reference))
        {
            return ContractResponse.Reject("ALREADY_PLACED", $"{ctx.Caller.Org} holds lien {reference} on {machine.Id} already");
        }

        return Save(ctx, machine with { Liens = [.. liens, new Lien(ctx.Caller.Org, reference, ctx.TxId, ctx.BlockTime)] }, "LienPlaced");
    }

    private static ContractResponse ReleaseLien(IContractContext ctx, Machine machine, Args args)
    {
        var reference = args.String("reference");
        var liens = machine.Liens ?? [];
        var mine = liens.Where(l => l.Holder == ctx.Caller.Org && (reference is null || l.Reference == reference)).ToArray();
        if (mine.Length == 0)
        {
            return ContractResponse.Reject("NO_LIEN", $"{ctx.Caller.Org} holds no lien{(reference is null ? string.Empty : " " + reference)} on {machine.Id}");
        }

        if (mine.Length > 1)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"{ctx.Caller.Org} holds {mine.Length} liens on {machine.Id}: name the reference to release");
        }

        var rest = liens.Where(l => !ReferenceEquals(l, mine[0])).ToArray();
        return Save(ctx, machine with { Liens = rest.Length == 0 ? null : rest }, "LienReleased");
    }

    /// <summary>The lienholder lets the machine be transferred or exported with its lien standing.</summary>
    private static ContractResponse ConsentToTransfer(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("reference") is not { } reference)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "ConsentToTransfer needs reference (the lien's)");
        }

        var liens = machine.Liens ?? [];
        if (liens.FirstOrDefault(l => l.Holder == ctx.Caller.Org && l.Reference == reference) is not { } lien)
        {
            return ContractResponse.Reject("NO_LIEN", $"{ctx.Caller.Org} holds no lien {reference} on {machine.Id}");
        }

        if (lien.ConsentTx is not null)
        {
            return ContractResponse.Reject("ALREADY_CONSENTED", $"{ctx.Caller.Org} consented to lien {reference} already");
        }

        var updated = liens.Select(l => ReferenceEquals(l, lien) ? l with { ConsentTx = ctx.TxId } : l).ToArray();
        return Save(ctx, machine with { Liens = updated }, "LienholderConsented");
    }

    private static ContractResponse PlaceSupervision(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("reason") is not { } reason || args.Time("until") is not { } until)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "PlaceCustomsSupervision needs reason and until (an ISO 8601 date-time with offset)");
        }

        if (until <= ctx.BlockTime)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, $"until ({until:O}) must be after the block time ({ctx.BlockTime:O})");
        }

        if (machine.Supervision is { } current && current.Until > ctx.BlockTime && current.Customs != ctx.Caller.Org)
        {
            return ContractResponse.Reject("NOT_AUTHORIZED", $"{machine.Id} is under supervision of {current.Customs} until {current.Until:O}: only it may change that");
        }

        return Save(ctx, machine with { Supervision = new CustomsSupervision(ctx.Caller.Org, reason, until, ctx.TxId) }, "CustomsSupervisionPlaced");
    }

    private static ContractResponse ReleaseSupervision(IContractContext ctx, Machine machine, Args args) =>
        machine.Supervision switch
        {
            null => ContractResponse.Reject("NOT_SUPERVISED", $"{machine.Id} is not under customs supervision"),
            { } s when s.Customs != ctx.Caller.Org => ContractResponse.Reject("NOT_AUTHORIZED", $"only {s.Customs}, which placed the supervision of {machine.Id}, may release it"),
            _ => Save(ctx, machine with { Supervision = null }, "CustomsSupervisionReleased"),
        };

    private static ContractResponse RequestExportLicence(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("destinationCountry") is not { } country || !IsUpperLetters(country, 2))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RequestExportLicence needs destinationCountry (ISO 3166-1 alpha-2, e.g. KZ)");
        }

        if (!IsOwner(ctx, machine))
        {
            return ContractResponse.Reject("NOT_OWNER", $"only the owner ({machine.Owner}) may request an export licence for {machine.Id}");
        }

        if (Blocked(ctx, machine, "exported") is { } blocked)
        {
            return blocked;
        }

        if (machine.Licence is { Status: "Requested" or "Approved" } licence)
        {
            return ContractResponse.Reject("LICENCE_EXISTS", $"an export licence for {machine.Id} is {licence.Status.ToLowerInvariant()} already");
        }

        var requested = new ExportLicence("Requested", country, ctx.Caller.Org, ctx.TxId, null, null, null);
        return Save(ctx, machine with { Licence = requested }, "ExportLicenceRequested");
    }

    private static ContractResponse ApproveExportLicence(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("licenceNumber") is not { } number)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "ApproveExportLicence needs licenceNumber");
        }

        if (machine.Licence is not { Status: "Requested" } licence)
        {
            return ContractResponse.Reject("NO_LICENCE_REQUEST", $"no export licence request for {machine.Id} is open");
        }

        return Save(ctx, machine with { Licence = licence with { Status = "Approved", LicenceNumber = number, DecidedBy = ctx.Caller.Org } }, "ExportLicenceApproved");
    }

    private static ContractResponse RejectExportLicence(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("reason") is not { } reason)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RejectExportLicence needs reason");
        }

        if (machine.Licence is not { Status: "Requested" } licence)
        {
            return ContractResponse.Reject("NO_LICENCE_REQUEST", $"no export licence request for {machine.Id} is open");
        }

        return Save(ctx, machine with { Licence = licence with { Status = "Rejected", DecidedBy = ctx.Caller.Org, Reason = reason } }, "ExportLicenceRejected");
    }

    private static ContractResponse DeclareExport(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("declarationNumber") is not { } number || args.String("port") is not { } port)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "DeclareExport needs declarationNumber and port");
        }

        if (!IsOwner(ctx, machine))
        {
            return ContractResponse.Reject("NOT_OWNER", $"only the owner ({machine.Owner}) may declare {machine.Id} for export");
        }

        if (Blocked(ctx, machine, "exported") is { } blocked)
        {
            return blocked;
        }

        if (machine.Licence is not { Status: "Approved" } licence || licence.RequestedBy != ctx.Caller.Org)
        {
            return ContractResponse.Reject("NO_EXPORT_LICENCE", $"{machine.Id} has no export licence approved for {ctx.Caller.Org}");
        }

        var declaration = new ExportDeclaration("Declared", number, licence.DestinationCountry, port, ctx.Caller.Org, ctx.TxId, null, null);
        return Save(ctx, machine with { Declaration = declaration, Status = Statuses.ExportDeclared, PendingTransfer = null, Liens = ConsentsUsedUp(machine) }, "ExportDeclared");
    }

    private static ContractResponse ClearExport(IContractContext ctx, Machine machine, Args args)
    {
        if (machine.Status != Statuses.ExportDeclared || machine.Declaration is not { Status: "Declared" } declaration)
        {
            return ContractResponse.Reject("NOT_DECLARED", $"{machine.Id} has no export declaration awaiting customs");
        }

        if (Blocked(ctx, machine with { Status = Statuses.InService }, "exported") is { } blocked)
        {
            return blocked;
        }

        return Save(ctx, machine with { Declaration = declaration with { Status = "Cleared", DecidedBy = ctx.Caller.Org }, Status = Statuses.Exported }, "ExportCleared");
    }

    private static ContractResponse RejectDeclaration(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("reason") is not { } reason)
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RejectDeclaration needs reason");
        }

        if (machine.Status != Statuses.ExportDeclared || machine.Declaration is not { Status: "Declared" } declaration)
        {
            return ContractResponse.Reject("NOT_DECLARED", $"{machine.Id} has no export declaration awaiting customs");
        }

        return Save(ctx, machine with { Declaration = declaration with { Status = "Rejected", DecidedBy = ctx.Caller.Org, Reason = reason }, Status = Statuses.InService }, "DeclarationRejected");
    }

    private static ContractResponse Deregister(IContractContext ctx, Machine machine, Args args) =>
        machine.Status switch
        {
            Statuses.Exported => Save(ctx, machine with { Status = Statuses.Deregistered }, "Deregistered"),
            Statuses.Deregistered => ContractResponse.Reject("ALREADY_DEREGISTERED", $"{machine.Id} is deregistered already"),
            _ => ContractResponse.Reject("NOT_CLEARED", $"{machine.Id} is {machine.Status}: it is deregistered only after customs clears its export"),
        };

    private static ContractResponse RecordInspection(IContractContext ctx, Machine machine, Args args)
    {
        if (args.String("grade") is not { } grade || args.Integer("hoursMeter") is not { } hours || hours < 0 || args.String("reportHash") is not { } report || !IsSha256Hex(report))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RecordInspection needs grade, hoursMeter (a whole number of hours, not negative) and reportHash (SHA-256 hex of the report)");
        }

        var inspection = new Inspection(ctx.Caller.Org, grade, hours, report.ToLowerInvariant(), ctx.TxId, ctx.BlockTime);
        return Save(ctx, machine with { Inspection = inspection }, "InspectionRecorded");
    }

    private static ContractResponse RecordValuation(IContractContext ctx, Machine machine, Args args)
    {
        var money = Money(args, "amountMinor", required: true);
        if (money.Error is { } moneyError)
        {
            return moneyError;
        }

        if (args.String("reportHash") is not { } report || !IsSha256Hex(report))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "RecordValuation needs reportHash (SHA-256 hex of the report)");
        }

        var valuation = new Valuation(ctx.Caller.Org, money.Amount!.Value, money.Currency!, args.String("method"), report.ToLowerInvariant(), ctx.TxId, ctx.BlockTime);
        return Save(ctx, machine with { Valuation = valuation }, "ValuationRecorded");
    }

    private static ContractResponse Scrap(IContractContext ctx, Machine machine, Args args)
    {
        if (!IsOwner(ctx, machine) && !ctx.Caller.HasRole(Roles.Registry))
        {
            return ContractResponse.Reject("NOT_AUTHORIZED", $"only the owner ({machine.Owner}) or a registry may scrap {machine.Id}");
        }

        if (machine.Freeze is { } freeze)
        {
            return ContractResponse.Reject("FROZEN", $"{machine.Id} is frozen by {freeze.Court} (case {freeze.CaseNumber}): it cannot be scrapped");
        }

        // a lien stands on the machine itself: consent to move it is no consent to destroy it
        if (machine.Liens is { Count: > 0 } liens)
        {
            return ContractResponse.Reject("LIEN", $"{machine.Id} carries a lien of {liens[0].Holder} ({liens[0].Reference}): it cannot be scrapped until released");
        }

        // salvaged components are free to be recorded in another machine
        foreach (var component in machine.Components ?? [])
        {
            ctx.DeleteState(ComponentKey(component.Serial));
        }

        return Save(ctx, machine with { Status = Statuses.Scrapped, PendingTransfer = null, Components = null }, "Scrapped");
    }

    /// <summary>
    /// What an ownership change leaves behind: the previous owner's export licence, and lienholders'
    /// consents (each given for one move).
    /// </summary>
    private static Machine AfterOwnershipChange(Machine machine) => machine with { Licence = null, Liens = ConsentsUsedUp(machine) };

    /// <summary>The machine's liens with every consent spent (a consent is for one move).</summary>
    private static Lien[]? ConsentsUsedUp(Machine machine) => machine.Liens?.Select(l => l with { ConsentTx = null }).ToArray();

    private static bool IsOwner(IContractContext ctx, Machine machine) => string.Equals(machine.Owner, ctx.Caller.Org, StringComparison.Ordinal);

    private static bool IsUpperLetters(string value, int length) => value.Length == length && value.All(char.IsAsciiLetterUpper);

    /// <summary>Typed access to the JSON argument object; a field of the wrong type reads as missing.</summary>
    private readonly struct Args(JsonElement element)
    {
        public string? String(string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

        public bool Has(string name) => element.TryGetProperty(name, out _);

        /// <summary>A list of non-empty strings; absent reads as empty, anything else as null.</summary>
        public IReadOnlyList<string>? Strings(string name)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var items = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } s)
                {
                    return null;
                }

                items.Add(s);
            }

            return items;
        }

        /// <summary>A JSON integer (a fraction or exponent reads as missing: amounts are never floating point).</summary>
        public long? Integer(string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

        /// <summary>An ISO 8601 date-time with an explicit offset, read the same on every node.</summary>
        public DateTimeOffset? Time(string name) =>
            String(name) is { } text && text.Length > 19 && (text[^1] == 'Z' || text[^6] is '+' or '-')
                && DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }
}
