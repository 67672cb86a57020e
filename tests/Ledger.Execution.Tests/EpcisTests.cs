using System.Text.Json;
using Json.Schema;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>A test that needs GS1's EPCIS 2.0 JSON schema from ../shared; skipped, saying so, where it is absent.</summary>
public sealed class EpcisSchemaFactAttribute : FactAttribute
{
    public static string SchemaPath => Path.Combine(Repository.Shared, "standards", "epcis", "EPCIS-JSON-Schema.json");

    public EpcisSchemaFactAttribute()
    {
        if (!File.Exists(SchemaPath))
        {
            Skip = $"GS1's EPCIS JSON schema is absent: no {SchemaPath} (it lives beside the project, in ../shared/standards/epcis)";
        }
    }
}

/// <summary><c>ExportEpcis</c>: a machine's whole life as an EPCIS 2.0 document that GS1's schema accepts.</summary>
public sealed class EpcisTests : EquipmentTestBase
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string SellerHash = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    // built once: the library registers a schema by its $id, globally
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(EpcisSchemaFactAttribute.SchemaPath)));

    public EpcisTests()
        : base(("operator", "operator"), ("manufacturer", "manufacturer"), ("remanufacturer", "remanufacturer"), ("exporter", "exporter"),
            ("customs", "customs"), ("commerce", "commerce"), ("registry", "registry"), ("inspector", "inspector"), ("assessor", "assessor"),
            ("tax", "tax"), ("bank", "bank"))
    {
    }

    /// <summary>A life touching most kinds of event: private sale and procurement, remanufacture, a component, a lien, export.</summary>
    private JsonElement Life()
    {
        Ok("manufacturer", "ProposeTransfer", new { id = Id, toPrivate = SellerHash });
        Ok("remanufacturer", "RecordProcurement", new { id = Id, ownerHash = SellerHash, sellerHash = SellerHash, priceMinor = 21_000_000, currency = "CNY" });
        Ok("tax", "RecordInvoice", new { id = Id, invoiceNumber = "43002600000123", kind = "reverse", amountMinor = 21_000_000, currency = "CNY", sellerHash = SellerHash });
        Ok("inspector", "RecordInspection", new { id = Id, grade = "B", hoursMeter = 6120, reportHash = Hash });
        Ok("remanufacturer", "RecordRefurbishment", new { id = Id, workDone = "overhaul", reportHash = Hash });
        Ok("remanufacturer", "InstallComponent", new { id = Id, serial = "PUMP-77", kind = "hydraulic-pump" });
        Ok("inspector", "CertifyRemanufacture", new { id = Id, certificateNumber = "RM-1" });
        Ok("assessor", "RecordValuation", new { id = Id, amountMinor = 38_500_000, currency = "CNY", reportHash = Hash });
        Ok("bank", "PlaceLien", new { id = Id, reference = "FL-1" });
        Ok("bank", "ReleaseLien", new { id = Id, reference = "FL-1" });
        Ok("remanufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Ok("exporter", "AcceptTransfer", new { id = Id });
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("commerce", "ApproveExportLicence", new { id = Id, licenceNumber = "EL-1" });
        Ok("exporter", "DeclareExport", new { id = Id, declarationNumber = "D-1", port = "Changsha" });
        Ok("customs", "ClearExport", new { id = Id });
        Ok("registry", "Deregister", new { id = Id });

        var result = Ledger.Query(Consortium.Transactions("bank").Envelope("equipment", "ExportEpcis", new { id = Id }));
        Assert.True(result.IsSuccess, result.Reason);
        return JsonDocument.Parse(result.Result).RootElement;
    }

    [EpcisSchemaFact]
    public void The_export_validates_against_gs1s_epcis_2_schema()
    {
        var document = Life();
        var schema = Schema.Value;

        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [EpcisSchemaFact]
    public void The_schema_check_can_fail_a_document_missing_a_required_field()
    {
        var broken = System.Text.Json.Nodes.JsonNode.Parse(Life().GetRawText())!;
        broken["epcisBody"]!["eventList"]![0]!.AsObject().Remove("eventTime");
        var schema = Schema.Value;

        var result = schema.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement, new EvaluationOptions { RequireFormatValidation = true });

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Every_committed_change_is_one_event_carrying_its_txid_with_cbv_steps_where_they_fit()
    {
        var document = Life();
        var events = document.GetProperty("epcisBody").GetProperty("eventList").EnumerateArray().ToArray();
        var history = JsonDocument.Parse(Ledger.Query(Consortium.Transactions("bank").Envelope("equipment", "History", new { id = Id })).Result)
            .RootElement.GetProperty("history").EnumerateArray().ToArray();

        Assert.Equal(history.Length, events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            var txId = history[i].GetProperty("txId").GetString();
            Assert.Equal(txId, events[i].GetProperty("ledger:txId").GetString());
            Assert.Equal("urn:ledger:tx:" + txId, events[i].GetProperty("eventID").GetString());
        }

        Assert.Equal("commissioning", events[0].GetProperty("bizStep").GetString());
        Assert.Equal("urn:ledger:equipment:" + Id, events[0].GetProperty("epcList")[0].GetString());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "TransformationEvent" && e.GetProperty("bizStep").GetString() == "installing");
        Assert.Equal("departing", events.Single(e => e.GetProperty("ledger:event").GetString() == "ExportCleared").GetProperty("bizStep").GetString());
        Assert.Equal("decommissioning", events[^1].GetProperty("bizStep").GetString());
    }

    [Fact]
    public void The_export_shows_no_prices_or_valuations()
    {
        var text = Life().GetRawText();

        Assert.DoesNotContain("38500000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("21000000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("amountMinor", text, StringComparison.Ordinal);
    }
}
