using Ledger.Core.Serialization;
using Ledger.Core.Tests.Support;
using Ledger.Core.Transactions;

namespace Ledger.Core.Tests.Transactions;

public sealed class TxRecordTests
{
    private static void AssertSame(TxRecord expected, TxRecord actual)
    {
        Assert.Equal(expected.Envelope, actual.Envelope);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.ReasonCode, actual.ReasonCode);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.Result, actual.Result);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.TxId, actual.TxId);
    }

    [Theory]
    [InlineData(ValidationCode.Valid, 0)]
    [InlineData(ValidationCode.Valid, 3)]
    [InlineData(ValidationCode.ContractRejected, 0)]
    [InlineData(ValidationCode.ContractFailed, 1)]
    public void Leaf_data_decodes_to_the_same_record_and_re_encodes_byte_identically(ValidationCode code, int events)
    {
        var record = Samples.Tx(code, events);
        var bytes = record.LeafData();

        var decoded = TxRecord.Decode(bytes);

        AssertSame(record, decoded);
        Assert.Equal(bytes, decoded.LeafData());
    }

    [Fact]
    public void Every_validation_code_round_trips()
    {
        foreach (var code in Enum.GetValues<ValidationCode>())
        {
            Assert.Equal(code, TxRecord.Decode(Samples.Tx(code).LeafData()).Code);
        }
    }

    [Fact]
    public void Validation_codes_keep_their_wire_numbers()
    {
        // the numbers are hashed into every tx leaf: renumbering would fork the chain
        Assert.Equal(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
            Enum.GetValues<ValidationCode>().Select(c => (int)c));
        Assert.Equal(4, (int)ValidationCode.UnknownIdentity);
        Assert.Equal(14, (int)ValidationCode.OrgRevoked);
        Assert.Equal(11, (int)ValidationCode.ContractRejected);
    }

    [Fact]
    public void Tx_id_is_that_of_the_envelope_payload()
    {
        var envelope = Samples.Envelope();
        var record = new TxRecord(envelope.Encode(), ValidationCode.Valid, string.Empty, string.Empty, string.Empty, []);

        Assert.Equal(envelope.TxId, record.TxId);
        Assert.Equal(Hash32.Compute(envelope.Payload.Span), record.TxId);
    }

    [Fact]
    public void Record_of_raw_bytes_that_are_no_envelope_has_the_tx_id_of_the_bytes()
    {
        byte[] garbage = [0xDE, 0xAD];
        var record = new TxRecord(garbage, ValidationCode.MalformedTransaction, string.Empty, "not an envelope", string.Empty, []);

        Assert.Equal(Hash32.Compute(garbage), record.TxId);
        Assert.Equal(garbage, TxRecord.Decode(record.LeafData()).Envelope);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        Samples.AssertEveryTruncationIsRejected(Samples.Tx(ValidationCode.ContractRejected, events: 2).LeafData(), b => TxRecord.Decode(b));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Samples.Append(Samples.Tx().LeafData(), 0);

        Assert.Throws<LedgerFormatException>(() => TxRecord.Decode(bytes));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0xFFFF)]
    public void Unknown_validation_code_is_rejected(int code)
    {
        var bytes = new CanonicalWriter().WriteBytes([1]).WriteUInt16((ushort)code).WriteString(string.Empty).WriteString(string.Empty).WriteString(string.Empty).WriteUInt32(0).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => TxRecord.Decode(bytes));
        Assert.Contains("validation code", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_events_than_allowed_are_rejected_before_reading_them()
    {
        var bytes = new CanonicalWriter().WriteBytes([1]).WriteUInt16(0).WriteString(string.Empty).WriteString(string.Empty).WriteString(string.Empty).WriteUInt32(TxRecord.MaxEvents + 1).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => TxRecord.Decode(bytes));
        Assert.Contains("tx.events", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_is_part_of_the_leaf()
    {
        var record = Samples.Tx(ValidationCode.ContractRejected, events: 1);
        var leaf = record.LeafData();
        TxRecord[] variants =
        [
            new(Samples.Envelope(1).Encode(), record.Code, record.ReasonCode, record.Reason, record.Result, record.Events),
            new(record.Envelope, ValidationCode.ContractFailed, record.ReasonCode, record.Reason, record.Result, record.Events),
            new(record.Envelope, record.Code, "OTHER", record.Reason, record.Result, record.Events),
            new(record.Envelope, record.Code, record.ReasonCode, "other", record.Result, record.Events),
            new(record.Envelope, record.Code, record.ReasonCode, record.Reason, "{}", record.Events),
            new(record.Envelope, record.Code, record.ReasonCode, record.Reason, record.Result, []),
            new(record.Envelope, record.Code, record.ReasonCode, record.Reason, record.Result, [new ContractEvent("Event0", "{}")]),
        ];

        foreach (var variant in variants)
        {
            Assert.NotEqual(leaf, variant.LeafData());
        }
    }

    [Fact]
    public void Tx_id_follows_the_envelope_of_a_copy_made_with_with()
    {
        var record = Samples.Tx();
        var other = new SignedTransaction(Samples.Payload(chainId: "other-chain").Encode(), Samples.Signature());

        var copy = record with { Envelope = other.Encode() };

        Assert.Equal(other.TxId, copy.TxId);
    }
}
