using System.Globalization;
using System.Text.Json.Nodes;

namespace Ledger.Chaincode.Equipment;

/// <summary>
/// A machine's history as an EPCIS 2.0 JSON-LD document: one event per committed change, each
/// with its txId (in <c>eventID</c> and <c>ledger:txId</c>), the machine as the identified object,
/// and bizStep / disposition from the CBV where one fits (else a ledger vocabulary URI). Prices and
/// valuations are left out: the document is for buyers.
/// </summary>
public static class Epcis
{
    public const string Context = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
    public const string Vocabulary = "https://ns.ledger-consortium.org/epcis#";

    /// <summary>The machine's identifier as an EPC-style URI (it has no GS1 key of its own).</summary>
    public static string MachineUri(string id) => "urn:ledger:equipment:" + id;

    public static string ComponentUri(string serial) => "urn:ledger:component:" + serial;

    public static string OrgUri(string org) => "urn:ledger:org:" + Uri.EscapeDataString(org);

    /// <summary>(event type, action, CBV bizStep or ledger URI, CBV disposition) of a contract event name.</summary>
    private static (string Type, string? Action, string BizStep, string Disposition) Map(string? name) => name switch
    {
        "EquipmentRegistered" => ("ObjectEvent", "ADD", "commissioning", "active"),
        "TransferProposed" => ("ObjectEvent", "OBSERVE", Local("transfer_proposed"), "active"),
        "TransferCancelled" => ("ObjectEvent", "OBSERVE", Local("transfer_cancelled"), "active"),
        "TransferAccepted" => ("ObjectEvent", "OBSERVE", "accepting", "active"),
        "TransferredToPrivatePerson" => ("ObjectEvent", "OBSERVE", "retail_selling", "retail_sold"),
        "ProcurementRecorded" => ("ObjectEvent", "OBSERVE", "receiving", "active"),
        "InspectionRecorded" => ("ObjectEvent", "OBSERVE", "inspecting", "active"),
        "ValuationRecorded" => ("ObjectEvent", "OBSERVE", Local("valuing"), "active"),
        "RefurbishmentRecorded" => ("ObjectEvent", "OBSERVE", "repairing", "active"),
        "ComponentInstalled" => ("TransformationEvent", null, "installing", "active"),
        "ComponentRemoved" => ("ObjectEvent", "OBSERVE", "removing", "active"),
        "RemanufactureCertified" => ("ObjectEvent", "OBSERVE", "inspecting", "conformant"),
        "InvoiceRecorded" => ("ObjectEvent", "OBSERVE", Local("invoicing"), "active"),
        "Frozen" => ("ObjectEvent", "OBSERVE", "holding", "non_sellable_other"),
        "LienPlaced" => ("ObjectEvent", "OBSERVE", "holding", "non_sellable_other"),
        "CustomsSupervisionPlaced" => ("ObjectEvent", "OBSERVE", "holding", "non_sellable_other"),
        "LienholderConsented" => ("ObjectEvent", "OBSERVE", Local("lienholder_consent"), "active"),
        "Unfrozen" or "LienReleased" or "CustomsSupervisionReleased" => ("ObjectEvent", "OBSERVE", Local("releasing"), "active"),
        "ExportLicenceRequested" or "ExportLicenceApproved" or "ExportLicenceRejected" => ("ObjectEvent", "OBSERVE", Local("export_licensing"), "active"),
        "ExportDeclared" => ("ObjectEvent", "OBSERVE", "staging_outbound", "active"),
        "ExportCleared" => ("ObjectEvent", "OBSERVE", "departing", "in_transit"),
        "DeclarationRejected" => ("ObjectEvent", "OBSERVE", Local("declaration_rejected"), "active"),
        "Deregistered" => ("ObjectEvent", "OBSERVE", "decommissioning", "inactive"),
        "Scrapped" => ("ObjectEvent", "DELETE", "destroying", "destroyed"),
        "ComplaintRecorded" or "ComplaintResolved" => ("ObjectEvent", "OBSERVE", Local("after_sales"), "active"),
        _ => ("ObjectEvent", "OBSERVE", "other", "unknown"),
    };

    private static string Local(string step) => "https://ns.ledger-consortium.org/bizstep/" + step;

    /// <summary>One event for one committed state of the machine.</summary>
    public static JsonObject Event(Machine record, Machine? previous, string txId, DateTimeOffset time)
    {
        var (type, action, bizStep, disposition) = Map(record.LastEvent);
        var machine = MachineUri(record.Id);
        var e = new JsonObject
        {
            ["type"] = type,
            ["eventTime"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventTimeZoneOffset"] = "+00:00",
            ["eventID"] = "urn:ledger:tx:" + txId,
        };
        if (type == "TransformationEvent")
        {
            var installed = record.Components?.LastOrDefault();
            e["inputEPCList"] = installed is null ? new JsonArray(machine) : new JsonArray(machine, ComponentUri(installed.Serial));
            e["outputEPCList"] = new JsonArray(machine);
        }
        else
        {
            e["epcList"] = new JsonArray(machine);
            e["action"] = action;
        }

        e["bizStep"] = bizStep;
        e["disposition"] = disposition;
        if (record.Owner.StartsWith(EquipmentContract.PrivateOwner, StringComparison.Ordinal))
        {
            // a private owner is shown by the salted hash the ledger holds, never more
            e["ledger:owner"] = record.Owner;
        }
        else
        {
            e["destinationList"] = new JsonArray(new JsonObject { ["type"] = "owning_party", ["destination"] = OrgUri(record.Owner) });
        }

        if (previous is not null && previous.Owner != record.Owner && !previous.Owner.StartsWith(EquipmentContract.PrivateOwner, StringComparison.Ordinal))
        {
            e["sourceList"] = new JsonArray(new JsonObject { ["type"] = "owning_party", ["source"] = OrgUri(previous.Owner) });
        }

        if (record.LastEvent == "InvoiceRecorded" && record.Invoice is { } invoice)
        {
            e["bizTransactionList"] = new JsonArray(new JsonObject { ["type"] = "inv", ["bizTransaction"] = "urn:ledger:invoice:" + Uri.EscapeDataString(invoice.InvoiceNumber) });
        }

        e["ledger:txId"] = txId;
        e["ledger:event"] = record.LastEvent ?? "Updated";
        e["ledger:status"] = record.Status;
        return e;
    }

    /// <summary>The EPCIS document over a machine's events, created at <paramref name="created"/> (the block time read at).</summary>
    public static JsonObject Document(JsonArray events, DateTimeOffset created) => new()
    {
        ["@context"] = new JsonArray(Context, new JsonObject { ["ledger"] = Vocabulary }),
        ["type"] = "EPCISDocument",
        ["schemaVersion"] = "2.0",
        ["creationDate"] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["epcisBody"] = new JsonObject { ["eventList"] = events },
    };
}
