using System.Text.Json;
using Ledger.Chaincode.Equipment;
using Ledger.Core;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

public sealed class ExecutorTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly TxFactory _maker;

    public ExecutorTests()
    {
        _ledger = new TestLedger(_consortium, contracts: [new EquipmentContract(), new IdentityContract(), new ProbeContract()]);
        _maker = _consortium.Transactions("manufacturer");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private byte[] Probe(string function, object args) => _maker.Envelope("probe", function, args);

    private string? Read(string key)
    {
        var result = _ledger.Query(Probe("Get", new { key }));
        return result.IsSuccess ? JsonSerializer.Deserialize<string>(result.Result) : null;
    }

    [Fact]
    public void A_valid_transaction_is_recorded_as_valid_and_changes_state()
    {
        var block = _ledger.Commit(Probe("Put", new { key = "a", value = "1" }));

        Assert.Equal(1UL, block.Height);
        Assert.Equal(ValidationCode.Valid, Assert.Single(block.Transactions).Code);
        Assert.Equal("1", Read("a"));
        Assert.NotEqual(_consortium.Genesis.Header.StateRoot, block.Header.StateRoot);
    }

    [Fact]
    public void A_rejected_transaction_is_recorded_with_its_reason_and_changes_nothing()
    {
        var before = _ledger.Ledger.Head!;
        var block = _ledger.Commit(Probe("PutThenReject", new { key = "r" }));

        var record = Assert.Single(block.Transactions);
        Assert.Equal(ValidationCode.ContractRejected, record.Code);
        Assert.Equal("NOPE", record.ReasonCode);
        Assert.Empty(record.Events);
        Assert.Null(Read("r"));
        Assert.Equal(before.StateRoot, block.Header.StateRoot);
    }

    [Fact]
    public void A_contract_that_throws_is_recorded_as_failed_and_changes_nothing()
    {
        var block = _ledger.Commit(Probe("PutThenThrow", new { key = "t" }));

        var record = Assert.Single(block.Transactions);
        Assert.Equal(ValidationCode.ContractFailed, record.Code);
        Assert.Equal("CONTRACT_EXCEPTION", record.ReasonCode);
        Assert.Contains("InvalidOperationException", record.Reason, StringComparison.Ordinal);
        Assert.Null(Read("t"));
    }

    [Fact]
    public void Later_transactions_of_a_block_read_the_writes_of_earlier_valid_ones()
    {
        var block = _ledger.Commit(
            _maker.Register("SY-1"),
            _maker.Envelope("equipment", "ProposeTransfer", new { id = "SY1", to = "exporter" }));

        Assert.All(block.Transactions, t => Assert.Equal(ValidationCode.Valid, t.Code));
    }

    [Fact]
    public void A_rejected_transaction_does_not_hide_the_valid_one_before_it()
    {
        var block = _ledger.Commit(
            Probe("Put", new { key = "k", value = "v1" }),
            Probe("PutThenReject", new { key = "k" }),
            Probe("Put", new { key = "k2", value = "v2" }));

        Assert.Equal([ValidationCode.Valid, ValidationCode.ContractRejected, ValidationCode.Valid], block.Transactions.Select(t => t.Code));
        Assert.Equal("v1", Read("k"));
        Assert.Equal("v2", Read("k2"));
    }

    [Fact]
    public void Range_queries_merge_committed_state_with_pending_writes_and_skip_deleted_and_composite_keys()
    {
        _ledger.Commit(
            Probe("Put", new { key = "a", value = "1" }),
            Probe("Put", new { key = "b", value = "2" }),
            Probe("Put", new { key = "c", value = "3" }),
            Probe("PutComposite", new { owner = "x", id = "m1" }));
        var block = _ledger.Commit(
            Probe("Delete", new { key = "b" }),
            Probe("Put", new { key = "bb", value = "22" }),
            Probe("Range", new { from = "a", to = "c" }),
            Probe("Range", new { from = "", to = "" }));

        Assert.Equal("[\"a=1\",\"bb=22\"]", block.Transactions[2].Result);
        Assert.Equal("[\"a=1\",\"bb=22\",\"c=3\"]", block.Transactions[3].Result);
    }

    [Fact]
    public void A_composite_key_is_its_type_and_attributes_each_closed_by_u0000_after_a_leading_u0000()
    {
        var block = _ledger.Commit(
            Probe("PutComposite", new { owner = "x", id = "m1" }),
            Probe("Get", new { key = "\u0000owner\u0000x\u0000m1\u0000" }),
            Probe("Get", new { key = "\u0000owner\u0000x\u0000m1" }));

        Assert.Equal("Valid", block.Transactions[1].Code.ToString());
        Assert.Equal("\"1\"", block.Transactions[1].Result);
        Assert.NotEqual("Valid", block.Transactions[2].Code.ToString());
    }

    [Fact]
    public void Partial_composite_key_queries_find_exactly_the_matching_attributes()
    {
        var block = _ledger.Commit(
            Probe("PutComposite", new { owner = "x", id = "m1" }),
            Probe("PutComposite", new { owner = "x", id = "m2" }),
            Probe("PutComposite", new { owner = "xy", id = "m3" }),
            Probe("ByOwner", new { owner = "x" }));

        Assert.Equal("[\"m1\",\"m2\"]", block.Transactions[3].Result);
    }

    [Fact]
    public void History_lists_committed_changes_then_earlier_changes_of_the_same_block()
    {
        _ledger.Commit(Probe("Put", new { key = "h", value = "1" }));
        _ledger.Commit(Probe("Put", new { key = "h", value = "2" }));
        var block = _ledger.Commit(
            Probe("Delete", new { key = "h" }),
            Probe("History", new { key = "h" }));

        Assert.Equal("[\"1\",\"2\",\"deleted\"]", block.Transactions[1].Result);
    }

    [Fact]
    public void The_context_exposes_the_block_time_height_txid_and_caller()
    {
        var envelope = Probe("Context", new { });
        var block = _ledger.Commit(envelope);

        using var result = JsonDocument.Parse(block.Transactions[0].Result);
        var root = result.RootElement;
        Assert.Equal(TxFactory.TxIdOf(envelope).ToHex(), root.GetProperty("txId").GetString());
        Assert.Equal(1UL, root.GetProperty("height").GetUInt64());
        Assert.Equal(block.Header.BlockTimeUnixMs, root.GetProperty("time").GetInt64());
        Assert.Equal("manufacturer", root.GetProperty("org").GetString());
        Assert.Equal("manufacturer", root.GetProperty("roles")[0].GetString());
        Assert.Equal("admin", root.GetProperty("memberRole").GetString());
    }

    [Fact]
    public void Events_of_valid_transactions_are_recorded_in_the_block()
    {
        var block = _ledger.Commit(Probe("Emit", new { }));

        var e = Assert.Single(block.Transactions[0].Events);
        Assert.Equal("Probed", e.Name);
        Assert.Equal("{\"n\":1}", e.Payload);
    }

    [Fact]
    public void A_query_cannot_write()
    {
        var result = _ledger.Query(Probe("Put", new { key = "q", value = "1" }));

        Assert.Equal(ValidationCode.ContractFailed, result.Code);
        Assert.Equal("CONTRACT_VIOLATION", result.ReasonCode);
        Assert.Null(Read("q"));
    }

    [Fact]
    public void A_malformed_envelope_is_recorded_and_changes_nothing()
    {
        var block = _ledger.Commit([1, 2, 3, 4, 5, 6, 7]);

        Assert.Equal(ValidationCode.MalformedTransaction, block.Transactions[0].Code);
        Assert.Equal(_consortium.Genesis.Header.StateRoot, block.Header.StateRoot);
    }

    [Fact]
    public void A_payload_that_is_not_canonical_is_recorded_as_malformed()
    {
        var payload = new byte[] { 1, 0, 0, 0, 9, 65 };
        var envelope = new SignedTransaction(payload, _maker.Identity.Sign(payload)).Encode();

        Assert.Equal(ValidationCode.MalformedTransaction, _ledger.Commit(envelope).Transactions[0].Code);
    }

    [Fact]
    public void A_transaction_for_another_chain_is_rejected()
    {
        var envelope = _maker.Envelope("probe", "Put", "{\"key\":\"w\",\"value\":\"1\"}", chain: "other-chain");

        var record = _ledger.Commit(envelope).Transactions[0];
        Assert.Equal(ValidationCode.WrongChain, record.Code);
        Assert.Null(Read("w"));
    }

    [Fact]
    public void A_bad_signature_is_rejected()
    {
        var payload = _maker.Payload("probe", "Put", "{\"key\":\"s\",\"value\":\"1\"}").Encode();
        var signature = _maker.Identity.Sign(payload);
        signature[10] ^= 0x40;
        var envelope = new SignedTransaction(payload, signature).Encode();

        Assert.Equal(ValidationCode.BadSignature, _ledger.Commit(envelope).Transactions[0].Code);
        Assert.Null(Read("s"));
    }

    [Fact]
    public void A_signature_by_another_member_over_the_creators_payload_is_rejected()
    {
        var payload = _maker.Payload("probe", "Put", "{\"key\":\"s2\",\"value\":\"1\"}").Encode();
        var envelope = new SignedTransaction(payload, _consortium.Admin("customs").Sign(payload)).Encode();

        Assert.Equal(ValidationCode.BadSignature, _ledger.Commit(envelope).Transactions[0].Code);
    }

    [Fact]
    public void A_certificate_from_a_ca_outside_the_consortium_is_rejected()
    {
        using var rogue = Core.Identity.CertificateAuthority.Create("manufacturer", "rogue", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        using var impostor = rogue.Issue("admin", "admin", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        var envelope = new TxFactory(impostor, _consortium.Config.ChainId).Envelope("probe", "Put", new { key = "i", value = "1" });

        var record = _ledger.Commit(envelope).Transactions[0];
        Assert.Equal(ValidationCode.UnknownIdentity, record.Code);
        Assert.Null(Read("i"));
    }

    [Fact]
    public void An_expired_certificate_is_rejected_at_block_time()
    {
        using var shortLived = _consortium.Issue("manufacturer", "temp", notAfter: TestConsortium.Epoch.AddMilliseconds(500));
        var envelope = new TxFactory(shortLived, _consortium.Config.ChainId).Envelope("probe", "Put", new { key = "e", value = "1" });

        var record = _ledger.Commit(envelope).Transactions[0];
        Assert.Equal(ValidationCode.UnknownIdentity, record.Code);
        Assert.Contains("not valid", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_identity_is_rejected_from_the_next_transaction_on_and_history_stays()
    {
        using var clerk = _consortium.Issue("manufacturer", "clerk");
        var clerkTx = new TxFactory(clerk, _consortium.Config.ChainId);
        var first = _ledger.Commit(clerkTx.Envelope("probe", "Put", new { key = "before", value = "1" }));
        var revoke = _maker.Envelope("identity", "Revoke", new { certificate = Convert.ToBase64String(clerk.Certificate.Der) });

        var block = _ledger.Commit(revoke, clerkTx.Envelope("probe", "Put", new { key = "after", value = "1" }));

        Assert.Equal(ValidationCode.Valid, first.Transactions[0].Code);
        Assert.Equal(ValidationCode.Valid, block.Transactions[0].Code);
        Assert.Equal(ValidationCode.RevokedIdentity, block.Transactions[1].Code);
        Assert.Equal("1", Read("before"));
        Assert.Null(Read("after"));
        Assert.Equal(ValidationCode.RevokedIdentity, _ledger.Query(clerkTx.Envelope("probe", "Get", new { key = "before" })).Code);
    }

    [Fact]
    public void Only_an_admin_of_the_certificates_own_org_or_of_the_operator_may_revoke_it()
    {
        using var clerk = _consortium.Issue("manufacturer", "clerk");
        var certificate = Convert.ToBase64String(clerk.Certificate.Der);
        var byOtherOrg = _consortium.Transactions("customs").Envelope("identity", "Revoke", new { certificate });
        var byClient = new TxFactory(clerk, _consortium.Config.ChainId).Envelope("identity", "Revoke", new { certificate });
        var byOperator = _consortium.Transactions("operator").Envelope("identity", "Revoke", new { certificate });
        var again = _maker.Envelope("identity", "Revoke", new { certificate });
        var garbage = _maker.Envelope("identity", "Revoke", new { certificate = "bm90IGEgY2VydA==" });

        var block = _ledger.Commit(byOtherOrg, byClient, byOperator, again, garbage);

        Assert.Equal(ValidationCode.ContractRejected, block.Transactions[0].Code);
        Assert.Equal("NOT_ALLOWED", block.Transactions[0].ReasonCode);
        Assert.Equal("NOT_ALLOWED", block.Transactions[1].ReasonCode);
        Assert.Equal(ValidationCode.Valid, block.Transactions[2].Code);
        Assert.Equal("ALREADY_REVOKED", block.Transactions[3].ReasonCode);
        Assert.Equal("BAD_ARGUMENTS", block.Transactions[4].ReasonCode);
    }

    [Fact]
    public void A_replayed_transaction_is_rejected_in_the_same_block_and_in_later_blocks()
    {
        var envelope = Probe("Put", new { key = "d", value = "1" });

        var block = _ledger.Commit(envelope, envelope);
        var later = _ledger.Commit(envelope);

        Assert.Equal(ValidationCode.Valid, block.Transactions[0].Code);
        Assert.Equal(ValidationCode.DuplicateTransaction, block.Transactions[1].Code);
        Assert.Equal(ValidationCode.DuplicateTransaction, later.Transactions[0].Code);
        Assert.Equal(new State.TxLocation(1, 0), _ledger.Ledger.FindTransaction(TxFactory.TxIdOf(envelope)));
    }

    [Fact]
    public void A_forged_copy_does_not_spend_the_txid_of_the_genuine_transaction()
    {
        var payload = _maker.Payload("probe", "Put", "{\"key\":\"f\",\"value\":\"1\"}").Encode();
        var forged = new SignedTransaction(payload, new byte[64]).Encode();
        var genuine = new SignedTransaction(payload, _maker.Identity.Sign(payload)).Encode();

        var block = _ledger.Commit(forged, genuine);

        Assert.Equal(ValidationCode.BadSignature, block.Transactions[0].Code);
        Assert.Equal(ValidationCode.Valid, block.Transactions[1].Code);
    }

    [Fact]
    public void Unknown_contract_and_unknown_function_are_rejected()
    {
        var block = _ledger.Commit(
            _maker.Envelope("nope", "Put", new { }),
            _maker.Envelope("probe", "Nope", new { }));

        Assert.Equal(ValidationCode.UnknownContract, block.Transactions[0].Code);
        Assert.Equal(ValidationCode.UnknownFunction, block.Transactions[1].Code);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public void Arguments_that_are_not_a_json_object_are_rejected(string args)
    {
        var record = _ledger.Commit(_maker.Envelope("probe", "Put", args)).Transactions[0];

        Assert.Equal(ValidationCode.BadArguments, record.Code);
    }

    [Fact]
    public void An_oversized_transaction_is_rejected()
    {
        using var small = new TestConsortium(maxTransactionBytes: 2048);
        using var ledger = new TestLedger(small, contracts: [new ProbeContract()]);
        var envelope = small.Transactions("manufacturer").Envelope("probe", "Put", new { key = "big", value = new string('x', 4096) });

        var record = ledger.Commit(envelope).Transactions[0];
        Assert.Equal(ValidationCode.PayloadTooLarge, record.Code);
    }

    [Fact]
    public void Block_time_must_not_go_backwards()
    {
        var head = _ledger.Ledger.Head!;

        Assert.Throws<ArgumentOutOfRangeException>(() => _ledger.Executor.Execute(_ledger.Ledger, [], head.BlockTimeUnixMs - 1, "x"));
    }

    [Fact]
    public void Each_block_links_to_the_previous_and_commits_to_its_transactions()
    {
        var first = _ledger.Commit(Probe("Put", new { key = "a", value = "1" }));
        var second = _ledger.Commit(Probe("Put", new { key = "b", value = "1" }), Probe("Put", new { key = "c", value = "1" }));

        Assert.Equal(_consortium.Genesis.Hash, first.Header.PreviousHash);
        Assert.Equal(first.Hash, second.Header.PreviousHash);
        Assert.Equal(Core.Blocks.Block.ComputeTxRoot(second.Transactions), second.Header.TxRoot);
        Assert.Equal(_consortium.Genesis.Header.ConfigHash, second.Header.ConfigHash);
    }
}
