using System.Text.Json;
using Ledger.Chaincode.Equipment;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

public sealed class EquipmentContractTests : IDisposable
{
    private readonly TestConsortium _consortium = new(orgs: [("operator", "operator"), ("manufacturer", "manufacturer"), ("oem2", "manufacturer"), ("exporter", "exporter"), ("customs", "customs")]);
    private readonly TestLedger _ledger;
    private readonly TxFactory _manufacturer;
    private readonly TxFactory _exporter;
    private readonly TxFactory _customs;

    public EquipmentContractTests()
    {
        _ledger = new TestLedger(_consortium);
        _manufacturer = _consortium.Transactions("manufacturer");
        _exporter = _consortium.Transactions("exporter");
        _customs = _consortium.Transactions("customs");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private JsonElement Get(string id)
    {
        var result = _ledger.Query(_manufacturer.Envelope("equipment", "Get", new { id }));
        Assert.True(result.IsSuccess, result.Reason);
        return JsonDocument.Parse(result.Result).RootElement;
    }

    [Fact]
    public void Register_records_the_machine_owned_by_the_registering_org()
    {
        var record = _ledger.Commit(_manufacturer.Register("SANY-SY215C-0001")).Transactions[0];

        Assert.Equal(ValidationCode.Valid, record.Code);
        var machine = Get("SANYSY215C0001");
        Assert.Equal("SANY-SY215C-0001", machine.GetProperty("pin").GetString());
        Assert.Equal("manufacturer", machine.GetProperty("owner").GetString());
        Assert.Equal(record.TxId.ToHex(), machine.GetProperty("registeredTx").GetString());
        Assert.Equal("EquipmentRegistered", Assert.Single(record.Events).Name);
    }

    [Fact]
    public void Get_accepts_any_spelling_of_the_pin()
    {
        _ledger.Commit(_manufacturer.Register("SANY-SY215C-0001"));

        Assert.Equal("SANYSY215C0001", Get("sany sy215c.0001").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("SANY-SY215C-0001")]
    [InlineData("sany sy215c 0001")]
    [InlineData("SANY_SY215C/0001")]
    public void A_pin_cannot_be_registered_twice_in_any_spelling(string second)
    {
        _ledger.Commit(_manufacturer.Register("SANY-SY215C-0001"));

        var record = _ledger.Commit(_manufacturer.Register(second)).Transactions[0];

        Assert.Equal(ValidationCode.ContractRejected, record.Code);
        Assert.Equal("DUPLICATE_IDENTITY", record.ReasonCode);
        Assert.Equal("manufacturer", Get("SANYSY215C0001").GetProperty("owner").GetString());
    }

    [Theory]
    [InlineData("SANY-SY215C-0001")]
    [InlineData("sany sy215c 0001")]
    public void Another_manufacturer_claiming_a_registered_pin_is_a_suspected_clone(string second)
    {
        _ledger.Commit(_manufacturer.Register("SANY-SY215C-0001"));

        var record = _ledger.Commit(_consortium.Transactions("oem2").Register(second)).Transactions[0];

        Assert.Equal("SUSPECTED_CLONE", record.ReasonCode);
        Assert.Equal("manufacturer", Get("SANYSY215C0001").GetProperty("owner").GetString());
    }

    [Fact]
    public void A_new_pin_with_an_engine_already_in_another_machine_is_a_suspected_clone()
    {
        var first = _ledger.Commit(_manufacturer.Envelope("equipment", "Register", new { pin = "SY215C-1", manufacturer = "Sany", model = "SY215C", category = "excavator", engineSerial = "QSB7-88231" })).Transactions[0];
        Assert.Equal(ValidationCode.Valid, first.Code);

        var clone = _ledger.Commit(_consortium.Transactions("oem2").Envelope("equipment", "Register", new { pin = "XX-2", manufacturer = "Xx", model = "X", category = "excavator", engineSerial = "qsb7 88231" })).Transactions[0];

        Assert.Equal("SUSPECTED_CLONE", clone.ReasonCode);
        Assert.False(_ledger.Query(_manufacturer.Envelope("equipment", "Get", new { id = "XX2" })).IsSuccess);
    }

    [Fact]
    public void Register_without_required_fields_is_rejected()
    {
        var record = _ledger.Commit(_manufacturer.Envelope("equipment", "Register", new { pin = "X-1" })).Transactions[0];

        Assert.Equal("BAD_ARGUMENTS", record.ReasonCode);
    }

    [Theory]
    [InlineData("PIN#1")]
    [InlineData("---")]
    [InlineData("ÄÖÜ")]
    public void A_pin_with_foreign_characters_or_no_characters_is_rejected(string pin)
    {
        Assert.Equal("BAD_PIN", _ledger.Commit(_manufacturer.Register(pin)).Transactions[0].ReasonCode);
    }

    [Fact]
    public void Ownership_moves_when_the_named_buyer_accepts_the_owners_proposal()
    {
        _ledger.Commit(_manufacturer.Register("ZL-1"));
        var proposed = _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL1", to = "exporter" }));
        Assert.Equal("exporter", Get("ZL1").GetProperty("pendingTransfer").GetProperty("to").GetString());
        Assert.Equal("manufacturer", Get("ZL1").GetProperty("owner").GetString());

        var accepted = _ledger.Commit(_exporter.Envelope("equipment", "AcceptTransfer", new { id = "ZL1" }));

        Assert.Equal(ValidationCode.Valid, proposed.Transactions[0].Code);
        Assert.Equal(ValidationCode.Valid, accepted.Transactions[0].Code);
        var machine = Get("ZL1");
        Assert.Equal("exporter", machine.GetProperty("owner").GetString());
        Assert.False(machine.TryGetProperty("pendingTransfer", out _));
    }

    [Fact]
    public void Only_the_owner_may_propose_a_transfer()
    {
        _ledger.Commit(_manufacturer.Register("ZL-2"));

        var record = _ledger.Commit(_exporter.Envelope("equipment", "ProposeTransfer", new { id = "ZL2", to = "exporter" })).Transactions[0];

        Assert.Equal("NOT_OWNER", record.ReasonCode);
        Assert.False(Get("ZL2").TryGetProperty("pendingTransfer", out _));
    }

    [Fact]
    public void Only_the_named_buyer_may_accept_a_transfer()
    {
        _ledger.Commit(_manufacturer.Register("ZL-3"));
        _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL3", to = "exporter" }));

        var record = _ledger.Commit(_customs.Envelope("equipment", "AcceptTransfer", new { id = "ZL3" })).Transactions[0];

        Assert.Equal("NOT_BUYER", record.ReasonCode);
        Assert.Equal("manufacturer", Get("ZL3").GetProperty("owner").GetString());
    }

    [Fact]
    public void Accepting_without_a_pending_transfer_is_rejected()
    {
        _ledger.Commit(_manufacturer.Register("ZL-4"));

        Assert.Equal("NO_PENDING_TRANSFER", _ledger.Commit(_exporter.Envelope("equipment", "AcceptTransfer", new { id = "ZL4" })).Transactions[0].ReasonCode);
    }

    [Fact]
    public void A_second_proposal_while_one_is_pending_is_rejected()
    {
        _ledger.Commit(_manufacturer.Register("ZL-5"));
        _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL5", to = "exporter" }));

        var record = _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL5", to = "customs" })).Transactions[0];

        Assert.Equal("TRANSFER_PENDING", record.ReasonCode);
    }

    [Fact]
    public void Transferring_to_the_current_owner_is_rejected()
    {
        _ledger.Commit(_manufacturer.Register("ZL-6"));

        Assert.Equal("SAME_OWNER", _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL6", to = "manufacturer" })).Transactions[0].ReasonCode);
    }

    [Fact]
    public void Get_of_an_unknown_machine_is_rejected_as_not_found()
    {
        var result = _ledger.Query(_manufacturer.Envelope("equipment", "Get", new { id = "NOPE" }));

        Assert.Equal(ValidationCode.ContractRejected, result.Code);
        Assert.Equal("NOT_FOUND", result.ReasonCode);
    }

    [Fact]
    public void A_transfer_to_an_org_outside_the_consortium_is_rejected()
    {
        _ledger.Commit(_manufacturer.Register("ZL-7"));

        var record = _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL7", to = "exportr" })).Transactions[0];

        Assert.Equal("UNKNOWN_ORG", record.ReasonCode);
        Assert.False(Get("ZL7").TryGetProperty("pendingTransfer", out _));
    }

    [Fact]
    public void The_owner_may_cancel_a_pending_transfer_and_propose_another()
    {
        _ledger.Commit(_manufacturer.Register("ZL-8"));
        _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL8", to = "exporter" }));

        var block = _ledger.Commit(
            _manufacturer.Envelope("equipment", "CancelTransfer", new { id = "ZL8" }),
            _exporter.Envelope("equipment", "AcceptTransfer", new { id = "ZL8" }),
            _manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL8", to = "customs" }));

        Assert.Equal(ValidationCode.Valid, block.Transactions[0].Code);
        Assert.Equal("TransferCancelled", block.Transactions[0].Events[0].Name);
        Assert.Equal("NO_PENDING_TRANSFER", block.Transactions[1].ReasonCode);
        Assert.Equal(ValidationCode.Valid, block.Transactions[2].Code);
        Assert.Equal("customs", Get("ZL8").GetProperty("pendingTransfer").GetProperty("to").GetString());
    }

    [Fact]
    public void Only_the_owner_may_cancel_a_transfer_and_only_a_pending_one()
    {
        _ledger.Commit(_manufacturer.Register("ZL-9"));
        var none = _ledger.Commit(_manufacturer.Envelope("equipment", "CancelTransfer", new { id = "ZL9" })).Transactions[0];
        _ledger.Commit(_manufacturer.Envelope("equipment", "ProposeTransfer", new { id = "ZL9", to = "exporter" }));

        var byBuyer = _ledger.Commit(_exporter.Envelope("equipment", "CancelTransfer", new { id = "ZL9" })).Transactions[0];

        Assert.Equal("NO_PENDING_TRANSFER", none.ReasonCode);
        Assert.Equal("NOT_OWNER", byBuyer.ReasonCode);
        Assert.Equal("exporter", Get("ZL9").GetProperty("pendingTransfer").GetProperty("to").GetString());
    }
}
