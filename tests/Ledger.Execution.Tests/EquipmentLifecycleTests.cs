using System.Text.Json;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>
/// The machine's life after registration: each rule holds for the right party and order, and
/// breaking it is rejected with its reason code and changes nothing.
/// </summary>
public sealed class EquipmentLifecycleTests : EquipmentTestBase
{
    private const string ReportHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly (string, string)[] Orgs =
    [
        ("operator", "operator"), ("manufacturer", "manufacturer"), ("exporter", "exporter"), ("customs", "customs"),
        ("commerce", "commerce"), ("registry", "registry"), ("court", "court"), ("bank", "bank"),
        ("inspector", "inspector"), ("assessor", "assessor"), ("customs2", "customs"),
    ];

    public EquipmentLifecycleTests()
        : base(Orgs)
    {
    }

    private void TransferTo(string from, string to)
    {
        Ok(from, "ProposeTransfer", new { id = Id, to });
        Ok(to, "AcceptTransfer", new { id = Id });
    }

    private void Export()
    {
        TransferTo("manufacturer", "exporter");
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("commerce", "ApproveExportLicence", new { id = Id, licenceNumber = "EL-2026-001" });
        Ok("exporter", "DeclareExport", new { id = Id, declarationNumber = "430120261234567", port = "Changsha" });
        Ok("customs", "ClearExport", new { id = Id });
    }

    [Fact]
    public void Only_a_manufacturer_registers_machines()
    {
        var record = Ledger.Commit(Consortium.Transactions("exporter").Register("ZOOMLION-ZE205E-9")).Transactions[0];

        Assert.Equal("NOT_AUTHORIZED", record.ReasonCode);
        Assert.False(Ledger.Query(Consortium.Transactions("manufacturer").Envelope("equipment", "Get", new { id = "ZOOMLIONZE205E9" })).IsSuccess);
    }

    [Fact]
    public void The_export_path_runs_licence_declaration_clearance_deregistration_in_order()
    {
        Export();
        Assert.Equal("Exported", Machine().GetProperty("status").GetString());
        Assert.Equal("Cleared", Machine().GetProperty("declaration").GetProperty("status").GetString());
        Assert.Equal("KZ", Machine().GetProperty("declaration").GetProperty("destinationCountry").GetString());

        Ok("registry", "Deregister", new { id = Id });

        Assert.Equal("Deregistered", Machine().GetProperty("status").GetString());
    }

    [Fact]
    public void No_export_declaration_without_an_approved_licence()
    {
        TransferTo("manufacturer", "exporter");
        Rejected("NO_EXPORT_LICENCE", "exporter", "DeclareExport", new { id = Id, declarationNumber = "D1", port = "Changsha" });

        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Rejected("NO_EXPORT_LICENCE", "exporter", "DeclareExport", new { id = Id, declarationNumber = "D1", port = "Changsha" });

        Ok("commerce", "RejectExportLicence", new { id = Id, reason = "destination under sanctions" });
        Rejected("NO_EXPORT_LICENCE", "exporter", "DeclareExport", new { id = Id, declarationNumber = "D1", port = "Changsha" });
    }

    [Fact]
    public void Only_commerce_decides_a_licence_and_only_the_owner_requests_one()
    {
        TransferTo("manufacturer", "exporter");
        Rejected("NOT_AUTHORIZED", "manufacturer", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });

        Rejected("NOT_AUTHORIZED", "customs", "ApproveExportLicence", new { id = Id, licenceNumber = "X" });
        Rejected("NOT_AUTHORIZED", "exporter", "ApproveExportLicence", new { id = Id, licenceNumber = "X" });
    }

    [Fact]
    public void An_exporter_that_does_not_own_the_machine_cannot_request_its_licence()
    {
        Rejected("NOT_OWNER", "exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
    }

    [Fact]
    public void Only_customs_clears_or_rejects_a_declaration()
    {
        TransferTo("manufacturer", "exporter");
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("commerce", "ApproveExportLicence", new { id = Id, licenceNumber = "EL-1" });
        Ok("exporter", "DeclareExport", new { id = Id, declarationNumber = "D1", port = "Changsha" });

        Rejected("NOT_AUTHORIZED", "exporter", "ClearExport", new { id = Id });
        Rejected("NOT_AUTHORIZED", "registry", "ClearExport", new { id = Id });

        Ok("customs", "RejectDeclaration", new { id = Id, reason = "documents incomplete" });
        Assert.Equal("InService", Machine().GetProperty("status").GetString());
        Rejected("NOT_DECLARED", "customs", "ClearExport", new { id = Id });
    }

    [Fact]
    public void No_deregistration_before_customs_clearance_and_only_by_a_registry()
    {
        Rejected("NOT_CLEARED", "registry", "Deregister", new { id = Id });

        Export();
        Rejected("NOT_AUTHORIZED", "customs", "Deregister", new { id = Id });
        Ok("registry", "Deregister", new { id = Id });
        Rejected("ALREADY_DEREGISTERED", "registry", "Deregister", new { id = Id });
    }

    [Fact]
    public void An_exported_machine_cannot_be_transferred_domestically_or_exported_again()
    {
        Export();

        Rejected("EXPORTED", "exporter", "ProposeTransfer", new { id = Id, to = "manufacturer" });
        Rejected("EXPORTED", "exporter", "RequestExportLicence", new { id = Id, destinationCountry = "UZ" });
    }

    [Fact]
    public void A_court_freeze_blocks_transfer_and_export_until_the_same_court_lifts_it()
    {
        Rejected("NOT_AUTHORIZED", "bank", "Freeze", new { id = Id, caseNumber = "(2026)湘01执保12号" });
        Ok("court", "Freeze", new { id = Id, caseNumber = "(2026)湘01执保12号" });

        Rejected("FROZEN", "manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Rejected("ALREADY_FROZEN", "court", "Freeze", new { id = Id, caseNumber = "other" });

        Ok("court", "Unfreeze", new { id = Id });
        Ok("manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
    }

    [Fact]
    public void A_freeze_placed_after_a_proposal_blocks_its_acceptance()
    {
        Ok("manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Ok("court", "Freeze", new { id = Id, caseNumber = "C-1" });

        Rejected("FROZEN", "exporter", "AcceptTransfer", new { id = Id });
    }

    [Fact]
    public void A_lien_blocks_transfer_and_export_until_its_holder_releases_it()
    {
        TransferTo("manufacturer", "exporter");
        Rejected("NOT_AUTHORIZED", "court", "PlaceLien", new { id = Id, reference = "FL-2026-77" });
        Ok("bank", "PlaceLien", new { id = Id, reference = "FL-2026-77" });

        Rejected("LIEN", "exporter", "ProposeTransfer", new { id = Id, to = "manufacturer" });
        Rejected("LIEN", "exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Rejected("NO_LIEN", "bank", "ReleaseLien", new { id = Id, reference = "OTHER" });

        Ok("bank", "ReleaseLien", new { id = Id, reference = "FL-2026-77" });
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
    }

    [Fact]
    public void The_lienholders_consent_lets_the_machine_move_with_its_lien()
    {
        Ok("bank", "PlaceLien", new { id = Id, reference = "FL-9" });
        Rejected("NOT_AUTHORIZED", "manufacturer", "ConsentToTransfer", new { id = Id, reference = "FL-9" });
        Rejected("NO_LIEN", "bank", "ConsentToTransfer", new { id = Id, reference = "FL-0" });

        Ok("bank", "ConsentToTransfer", new { id = Id, reference = "FL-9" });
        Rejected("ALREADY_CONSENTED", "bank", "ConsentToTransfer", new { id = Id, reference = "FL-9" });
        TransferTo("manufacturer", "exporter");

        Assert.Equal("exporter", Machine().GetProperty("owner").GetString());
        Assert.Equal("FL-9", Machine().GetProperty("liens")[0].GetProperty("reference").GetString());
    }

    [Fact]
    public void A_lienholders_consent_is_used_up_by_one_move()
    {
        Ok("bank", "PlaceLien", new { id = Id, reference = "FL-9" });
        Ok("bank", "ConsentToTransfer", new { id = Id, reference = "FL-9" });
        TransferTo("manufacturer", "exporter");

        Rejected("LIEN", "exporter", "ProposeTransfer", new { id = Id, to = "manufacturer" });
        Rejected("LIEN", "exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
    }

    [Fact]
    public void A_lien_blocks_scrapping_even_with_consent_to_move()
    {
        Ok("bank", "PlaceLien", new { id = Id, reference = "FL-9" });
        Ok("bank", "ConsentToTransfer", new { id = Id, reference = "FL-9" });

        Rejected("LIEN", "manufacturer", "Scrap", new { id = Id });
    }

    [Fact]
    public void An_export_licence_does_not_pass_to_the_next_owner()
    {
        TransferTo("manufacturer", "exporter");
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("commerce", "ApproveExportLicence", new { id = Id, licenceNumber = "EL-1" });
        TransferTo("exporter", "manufacturer");

        Assert.Equal(JsonValueKind.Undefined, Machine().TryGetProperty("licence", out var l) ? l.ValueKind : JsonValueKind.Undefined);
    }

    [Fact]
    public void Only_the_customs_office_that_placed_a_supervision_changes_or_releases_it()
    {
        Ok("customs", "PlaceCustomsSupervision", new { id = Id, reason = "bonded repair", until = "2099-01-01T00:00:00Z" });

        Rejected("NOT_AUTHORIZED", "customs2", "PlaceCustomsSupervision", new { id = Id, reason = "x", until = "2098-01-01T00:00:00Z" });
        Rejected("NOT_AUTHORIZED", "customs2", "ReleaseCustomsSupervision", new { id = Id });
        Ok("customs", "ReleaseCustomsSupervision", new { id = Id });
    }

    [Fact]
    public void Customs_supervision_blocks_transfer_until_released()
    {
        Rejected("BAD_ARGUMENTS", "customs", "PlaceCustomsSupervision", new { id = Id, reason = "bonded repair", until = "2099-01-01" });
        Ok("customs", "PlaceCustomsSupervision", new { id = Id, reason = "bonded repair", until = "2099-01-01T00:00:00Z" });

        Rejected("CUSTOMS_SUPERVISION", "manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Rejected("NOT_AUTHORIZED", "bank", "ReleaseCustomsSupervision", new { id = Id });

        Ok("customs", "ReleaseCustomsSupervision", new { id = Id });
        Ok("manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
    }

    [Fact]
    public void Customs_supervision_ends_by_itself_at_its_end_date()
    {
        // the test ledger's block time is fixed; supervision that has ended blocks nothing
        var blockTime = DateTimeOffset.FromUnixTimeMilliseconds(Ledger.Ledger.Head!.BlockTimeUnixMs);
        Rejected("BAD_ARGUMENTS", "customs", "PlaceCustomsSupervision", new { id = Id, reason = "bonded", until = blockTime.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) });

        Ok("customs", "PlaceCustomsSupervision", new { id = Id, reason = "bonded", until = blockTime.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) });
        Rejected("CUSTOMS_SUPERVISION", "manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
    }

    [Fact]
    public void Nothing_follows_scrapping()
    {
        Rejected("NOT_AUTHORIZED", "exporter", "Scrap", new { id = Id });
        Ok("manufacturer", "Scrap", new { id = Id });

        Rejected("SCRAPPED", "manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Rejected("SCRAPPED", "inspector", "RecordInspection", new { id = Id, grade = "A", hoursMeter = 10, reportHash = ReportHash });
        Rejected("SCRAPPED", "court", "Freeze", new { id = Id, caseNumber = "C" });
    }

    [Fact]
    public void Only_an_inspection_body_records_inspections()
    {
        Rejected("NOT_AUTHORIZED", "assessor", "RecordInspection", new { id = Id, grade = "A", hoursMeter = 4210, reportHash = ReportHash });
        Rejected("BAD_ARGUMENTS", "inspector", "RecordInspection", new { id = Id, grade = "A", hoursMeter = -1, reportHash = ReportHash });
        Rejected("BAD_ARGUMENTS", "inspector", "RecordInspection", new { id = Id, grade = "A", hoursMeter = 4210, reportHash = "not-a-hash" });

        Ok("inspector", "RecordInspection", new { id = Id, grade = "A", hoursMeter = 4210, reportHash = ReportHash });

        Assert.Equal(4210, Machine().GetProperty("inspection").GetProperty("hoursMeter").GetInt64());
        Assert.Equal("inspector", Machine().GetProperty("inspection").GetProperty("inspector").GetString());
    }

    [Fact]
    public void Valuations_are_integers_in_minor_units_with_an_iso_4217_currency()
    {
        Rejected("NOT_AUTHORIZED", "inspector", "RecordValuation", new { id = Id, amountMinor = 45_000_000, currency = "CNY", reportHash = ReportHash });
        Rejected("BAD_ARGUMENTS", "assessor", "RecordValuation", new { id = Id, amountMinor = 450000.5, currency = "CNY", reportHash = ReportHash });
        Rejected("BAD_ARGUMENTS", "assessor", "RecordValuation", new { id = Id, amountMinor = "45000000", currency = "CNY", reportHash = ReportHash });
        Rejected("BAD_ARGUMENTS", "assessor", "RecordValuation", new { id = Id, amountMinor = 45_000_000, currency = "yuan", reportHash = ReportHash });

        Ok("assessor", "RecordValuation", new { id = Id, amountMinor = 45_000_000, currency = "CNY", method = "market", reportHash = ReportHash });

        var valuation = Machine().GetProperty("valuation");
        Assert.Equal(45_000_000, valuation.GetProperty("amountMinor").GetInt64());
        Assert.Equal("CNY", valuation.GetProperty("currency").GetString());
    }

    private JsonElement Query(string function, object args)
    {
        var result = Ledger.Query(Consortium.Transactions("bank").Envelope("equipment", function, args));
        Assert.True(result.IsSuccess, $"{result.ReasonCode}: {result.Reason}");
        return JsonDocument.Parse(result.Result).RootElement;
    }

    [Fact]
    public void History_lists_every_state_of_the_machine_oldest_first_with_its_transaction()
    {
        TransferTo("manufacturer", "exporter");
        Ok("court", "Freeze", new { id = Id, caseNumber = "C-1" });

        var history = Query("History", new { id = "sany-sy215c-0001" }).GetProperty("history");

        Assert.Equal(4, history.GetArrayLength());
        Assert.Equal("Registered", history[0].GetProperty("record").GetProperty("status").GetString());
        Assert.Equal("exporter", history[2].GetProperty("record").GetProperty("owner").GetString());
        Assert.Equal("C-1", history[3].GetProperty("record").GetProperty("freeze").GetProperty("caseNumber").GetString());
        Assert.Equal(history[3].GetProperty("txId").GetString(), Machine().GetProperty("lastTx").GetString());
    }

    [Fact]
    public void History_of_an_unknown_machine_is_not_found()
    {
        var result = Ledger.Query(Consortium.Transactions("bank").Envelope("equipment", "History", new { id = "NOPE-1" }));

        Assert.False(result.IsSuccess);
        Assert.Equal("NOT_FOUND", result.ReasonCode);
    }

    [Fact]
    public void Machines_list_by_owner_and_by_status_a_page_at_a_time()
    {
        var maker = Consortium.Transactions("manufacturer");
        for (var i = 2; i <= 6; i++)
        {
            Ok("manufacturer", maker.Register($"SANY-SY215C-000{i}"));
        }

        TransferTo("manufacturer", "exporter");

        var exporter = Query("ListByOwner", new { owner = "exporter" }).GetProperty("machines");
        Assert.Equal(new[] { Id }, exporter.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray());
        var byMaker = Query("ListByOwner", new { owner = "manufacturer" }).GetProperty("machines");
        Assert.Equal(["SANYSY215C0002", "SANYSY215C0003", "SANYSY215C0004", "SANYSY215C0005", "SANYSY215C0006"], byMaker.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));

        var first = Query("ListByStatus", new { status = "Registered", limit = 3 });
        var second = Query("ListByStatus", new { status = "Registered", limit = 3, after = first.GetProperty("next").GetString() });
        var ids = first.GetProperty("machines").EnumerateArray().Concat(second.GetProperty("machines").EnumerateArray()).Select(m => m.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(["SANYSY215C0002", "SANYSY215C0003", "SANYSY215C0004", "SANYSY215C0005", "SANYSY215C0006"], ids);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_list_page_outside_1_to_100_is_refused(int limit)
    {
        var result = Ledger.Query(Consortium.Transactions("bank").Envelope("equipment", "ListByOwner", new { owner = "exporter", limit }));

        Assert.Equal("BAD_ARGUMENTS", result.ReasonCode);
    }
}

