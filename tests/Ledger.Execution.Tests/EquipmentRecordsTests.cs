using System.Text.Json;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>Working-life records: procurement from a private seller, refurbishment, components, the remanufacture mark, invoices, complaints.</summary>
public sealed class EquipmentRecordsTests : EquipmentTestBase
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string SellerHash = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    public EquipmentRecordsTests()
        : base(("operator", "operator"), ("manufacturer", "manufacturer"), ("remanufacturer", "remanufacturer"), ("exporter", "exporter"),
        ("customs", "customs"), ("commerce", "commerce"), ("inspector", "inspector"), ("tax", "tax"), ("court", "court"))
    {
    }

    [Fact]
    public void A_sale_to_a_private_person_records_only_their_salted_hash_and_a_remanufacturer_procures_from_them()
    {
        InClear("manufacturer", "ProposeTransfer", new { id = Id, toPrivate = "Zhang San 430102199001011234" });
        InClear("manufacturer", "ProposeTransfer", new { id = Id, toPrivate = 430102199001011234 });
        Ok("manufacturer", "ProposeTransfer", new { id = Id, toPrivate = SellerHash });
        Assert.Equal("private:" + SellerHash, Machine().GetProperty("owner").GetString());

        Rejected("NOT_AUTHORIZED", "customs", "RecordProcurement", new { id = Id, sellerHash = SellerHash });
        Rejected("BAD_ARGUMENTS", "remanufacturer", "RecordProcurement", new { id = Id });
        InClear("remanufacturer", "RecordProcurement", new { id = Id, ownerHash = SellerHash, sellerHash = "13800138000" });
        InClear("remanufacturer", "RecordProcurement", new { id = Id, ownerHash = "Zhang San", sellerHash = SellerHash });
        Rejected("BAD_ARGUMENTS", "remanufacturer", "RecordProcurement", new { id = Id, ownerHash = SellerHash, sellerHash = SellerHash, priceMinor = 1.5, currency = "CNY" });

        Ok("remanufacturer", "RecordProcurement", new { id = Id, ownerHash = SellerHash, sellerHash = SellerHash, priceMinor = 21_000_000, currency = "CNY", documentHash = Hash });

        Assert.Equal("remanufacturer", Machine().GetProperty("owner").GetString());
        Assert.Equal(21_000_000, Machine().GetProperty("procurement").GetProperty("priceMinor").GetInt64());
    }

    [Fact]
    public void Procurement_of_a_machine_an_org_owns_needs_a_transfer_first()
    {
        Rejected("NOT_OWNER", "remanufacturer", "RecordProcurement", new { id = Id, priceMinor = 100, currency = "CNY" });

        Ok("manufacturer", "ProposeTransfer", new { id = Id, to = "remanufacturer" });
        Ok("remanufacturer", "AcceptTransfer", new { id = Id });
        Ok("remanufacturer", "RecordProcurement", new { id = Id, priceMinor = 100, currency = "CNY" });

        Assert.Equal("manufacturer", Machine().GetProperty("procurement").GetProperty("fromOrg").GetString());

        // the next buyer's record names the org it bought from, not the one before
        Ok("remanufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Ok("exporter", "AcceptTransfer", new { id = Id });
        Ok("exporter", "RecordProcurement", new { id = Id, priceMinor = 200, currency = "CNY" });

        Assert.Equal("remanufacturer", Machine().GetProperty("procurement").GetProperty("fromOrg").GetString());
    }

    [Fact]
    public void The_remanufacture_mark_needs_a_recorded_remanufacture_and_an_inspection_body()
    {
        Rejected("NOT_REMANUFACTURED", "inspector", "CertifyRemanufacture", new { id = Id, certificateNumber = "RM-1" });
        Rejected("NOT_AUTHORIZED", "exporter", "RecordRefurbishment", new { id = Id, workDone = "overhaul", reportHash = Hash });
        Rejected("BAD_ARGUMENTS", "remanufacturer", "RecordRefurbishment", new { id = Id, workDone = "overhaul", reportHash = Hash, partsReplaced = "pump" });

        Ok("remanufacturer", "RecordRefurbishment", new { id = Id, workDone = "engine overhaul, new hydraulic pump", reportHash = Hash, partsReplaced = new[] { "hydraulic pump", "seals" } });
        Rejected("NOT_AUTHORIZED", "remanufacturer", "CertifyRemanufacture", new { id = Id, certificateNumber = "RM-1" });
        Ok("inspector", "CertifyRemanufacture", new { id = Id, certificateNumber = "RM-2026-0042" });
        Rejected("ALREADY_CERTIFIED", "inspector", "CertifyRemanufacture", new { id = Id, certificateNumber = "RM-2" });

        Assert.Equal("RM-2026-0042", Machine().GetProperty("remanufactureMark").GetProperty("certificateNumber").GetString());
    }

    [Fact]
    public void A_component_is_installed_in_one_machine_at_a_time()
    {
        Assert.Equal(ValidationCode.Valid, Ledger.Commit(Consortium.Transactions("manufacturer").Register("SANY-SY215C-0002")).Transactions[0].Code);
        Ok("manufacturer", "InstallComponent", new { id = Id, serial = "PUMP-K3V112-77", kind = "hydraulic-pump" });

        var elsewhere = Call("manufacturer", "InstallComponent", new { id = "SANYSY215C0002", serial = "pump k3v112 77", kind = "hydraulic-pump" });
        Assert.Equal("COMPONENT_IN_USE", elsewhere.ReasonCode);
        Rejected("COMPONENT_NOT_INSTALLED", "manufacturer", "RemoveComponent", new { id = Id, serial = "OTHER-1" });
        Rejected("NOT_AUTHORIZED", "customs", "InstallComponent", new { id = Id, serial = "X-1", kind = "engine" });
        Rejected("NOT_OWNER", "remanufacturer", "RemoveComponent", new { id = Id, serial = "PUMP-K3V112-77" });

        Ok("manufacturer", "RemoveComponent", new { id = Id, serial = "PUMP-K3V112-77" });
        Assert.Equal(ValidationCode.Valid, Call("manufacturer", "InstallComponent", new { id = "SANYSY215C0002", serial = "PUMP-K3V112-77", kind = "hydraulic-pump" }).Code);
    }

    [Fact]
    public void Components_do_not_change_under_a_freeze_and_scrapping_frees_them()
    {
        Ok("manufacturer", "InstallComponent", new { id = Id, serial = "ENG-1", kind = "engine" });
        Ok("court", "Freeze", new { id = Id, caseNumber = "C-1" });
        Rejected("FROZEN", "manufacturer", "RemoveComponent", new { id = Id, serial = "ENG-1" });
        Ok("court", "Unfreeze", new { id = Id });

        Ok("manufacturer", "Scrap", new { id = Id });

        var salvaged = Ledger.Commit(Consortium.Transactions("manufacturer").Envelope("equipment", "Register", new { pin = "SANY-2", manufacturer = "Sany", model = "SY215C", category = "excavator", engineSerial = "ENG-1" })).Transactions[0];
        Assert.Equal(ValidationCode.Valid, salvaged.Code);
    }

    [Fact]
    public void A_private_owner_is_procured_from_only_by_naming_their_hash_on_the_ledger()
    {
        Ok("manufacturer", "ProposeTransfer", new { id = Id, toPrivate = SellerHash });
        const string Other = "0000000000000000000000000000000000000000000000000000000000000001";

        Rejected("OWNER_MISMATCH", "remanufacturer", "RecordProcurement", new { id = Id, sellerHash = SellerHash });
        Rejected("OWNER_MISMATCH", "remanufacturer", "RecordProcurement", new { id = Id, ownerHash = Other, sellerHash = SellerHash });
        Ok("remanufacturer", "RecordProcurement", new { id = Id, ownerHash = SellerHash.ToUpperInvariant(), sellerHash = Other });
    }

    [Fact]
    public void Recording_a_procurement_does_not_bring_back_an_exported_machine()
    {
        Ok("manufacturer", "ProposeTransfer", new { id = Id, to = "exporter" });
        Ok("exporter", "AcceptTransfer", new { id = Id });
        Ok("exporter", "RequestExportLicence", new { id = Id, destinationCountry = "KZ" });
        Ok("commerce", "ApproveExportLicence", new { id = Id, licenceNumber = "EL-1" });
        Ok("exporter", "DeclareExport", new { id = Id, declarationNumber = "D-1", port = "Changsha" });
        Ok("customs", "ClearExport", new { id = Id });

        Ok("exporter", "RecordProcurement", new { id = Id, priceMinor = 100, currency = "CNY" });

        Assert.Equal("Exported", Machine().GetProperty("status").GetString());
        Assert.Equal("EXPORTED", Call("exporter", "ProposeTransfer", new { id = Id, to = "manufacturer" }).ReasonCode);
    }

    [Fact]
    public void Only_the_tax_authority_records_invoices_and_a_reverse_invoice_names_the_private_seller_by_hash_only()
    {
        Rejected("NOT_AUTHORIZED", "exporter", "RecordInvoice", new { id = Id, invoiceNumber = "I-1", kind = "standard", amountMinor = 100, currency = "CNY" });
        Rejected("BAD_ARGUMENTS", "tax", "RecordInvoice", new { id = Id, invoiceNumber = "I-1", kind = "reverse", amountMinor = 100, currency = "CNY" });
        Rejected("BAD_ARGUMENTS", "tax", "RecordInvoice", new { id = Id, invoiceNumber = "I-1", kind = "gift", amountMinor = 100, currency = "CNY" });

        Ok("tax", "RecordInvoice", new { id = Id, invoiceNumber = "43002600000123", kind = "reverse", amountMinor = 21_000_000, currency = "CNY", sellerHash = SellerHash });

        Assert.Equal(SellerHash, Machine().GetProperty("invoice").GetProperty("sellerHash").GetString());
    }

    [Fact]
    public void A_complaint_is_closed_only_by_the_org_that_recorded_it()
    {
        Rejected("NOT_AUTHORIZED", "exporter", "RecordComplaint", new { id = Id, complaintId = "C-1", summaryHash = Hash });
        Ok("manufacturer", "RecordComplaint", new { id = Id, complaintId = "C-1", summaryHash = Hash });
        Rejected("DUPLICATE_COMPLAINT", "manufacturer", "RecordComplaint", new { id = Id, complaintId = "C-1", summaryHash = Hash });

        Rejected("NOT_FOUND", "manufacturer", "ResolveComplaint", new { id = Id, complaintId = "C-9", resolutionHash = Hash });
        Ok("manufacturer", "ResolveComplaint", new { id = Id, complaintId = "C-1", resolutionHash = Hash });
        Rejected("ALREADY_RESOLVED", "manufacturer", "ResolveComplaint", new { id = Id, complaintId = "C-1", resolutionHash = Hash });
    }

    /// <summary>A private person in clear is refused by the stateless check the door makes (so it never reaches a block) and by the executor alike.</summary>
    private void InClear(string org, string function, object args)
    {
        var envelope = Consortium.Transactions(org).Envelope("equipment", function, args);
        var check = Ledger.Validator.Check(envelope, TestConsortium.Epoch.ToUnixTimeMilliseconds());
        Assert.Equal(ValidationCode.BadArguments, check.Code);
        Assert.StartsWith("PRIVATE_PERSON_IN_CLEAR", check.Reason, StringComparison.Ordinal);

        var before = Machine().GetRawText();
        var record = Ledger.Commit(envelope).Transactions[0];
        Assert.Equal(ValidationCode.BadArguments, record.Code);
        Assert.Equal(before, Machine().GetRawText());
    }
}
