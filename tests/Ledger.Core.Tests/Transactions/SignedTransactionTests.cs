using Ledger.Core.Serialization;
using Ledger.Core.Tests.Support;
using Ledger.Core.Transactions;

namespace Ledger.Core.Tests.Transactions;

public sealed class SignedTransactionTests
{
    private static void AssertSame(SignedTransaction expected, SignedTransaction actual)
    {
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected.CreatorSignature.ToArray(), actual.CreatorSignature.ToArray());
        Assert.Equal(expected.Endorsements.Count, actual.Endorsements.Count);
        for (var i = 0; i < expected.Endorsements.Count; i++)
        {
            Assert.Equal(expected.Endorsements[i].Signer, actual.Endorsements[i].Signer);
            Assert.Equal(expected.Endorsements[i].Signature, actual.Endorsements[i].Signature);
        }

        Assert.Equal(expected.TxId, actual.TxId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SignedTransaction.MaxEndorsements)]
    public void Encode_then_decode_gives_the_same_envelope_and_the_same_bytes(int endorsements)
    {
        var envelope = Samples.Envelope(endorsements);
        var bytes = envelope.Encode();

        var decoded = SignedTransaction.Decode(bytes);

        AssertSame(envelope, decoded);
        Assert.Equal(bytes, decoded.Encode());
    }

    [Fact]
    public void A_decoded_payload_and_signature_are_the_envelopes_own_bytes_not_copies()
    {
        var bytes = Samples.Envelope(1).Encode();

        var decoded = SignedTransaction.Decode(bytes);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(decoded.Payload, out var payload));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(decoded.CreatorSignature, out var signature));
        Assert.Same(bytes, payload.Array);
        Assert.Same(bytes, signature.Array);
        Assert.Equal(5, payload.Offset);
        Assert.Equal(5 + payload.Count + 4, signature.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Encoding_from_parts_is_the_envelopes_encoding(int endorsements)
    {
        var envelope = Samples.Envelope(endorsements);

        Assert.Equal(envelope.Encode(), SignedTransaction.Encode(envelope.Payload.Span, envelope.CreatorSignature.Span, envelope.Endorsements));
    }

    [Fact]
    public void Encoding_starts_with_version_then_the_length_prefixed_payload()
    {
        var envelope = new SignedTransaction(new byte[] { 0xAA, 0xBB }, new byte[] { 0x01 }, [new Endorsement([0x02], [0x03])]);

        Assert.Equal(
            Convert.FromHexString("01" + "00000002AABB" + "0000000101" + "00000001" + "0000000102" + "0000000103"),
            envelope.Encode());
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        Samples.AssertEveryTruncationIsRejected(Samples.Envelope(2).Encode(), b => SignedTransaction.Decode(b));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Samples.Append(Samples.Envelope().Encode(), 0);

        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Other_versions_are_rejected(byte version)
    {
        var bytes = Samples.Envelope().Encode();
        bytes[0] = version;

        var e = Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(bytes));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_endorsements_than_allowed_are_rejected()
    {
        var bytes = Samples.Envelope(SignedTransaction.MaxEndorsements + 1).Encode();

        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(bytes));
    }

    [Fact]
    public void Signature_longer_than_allowed_is_rejected_and_at_the_limit_accepted()
    {
        var atLimit = new SignedTransaction(Samples.Payload().Encode(), new byte[SignedTransaction.MaxSignatureLength]).Encode();
        var overLimit = new SignedTransaction(Samples.Payload().Encode(), new byte[SignedTransaction.MaxSignatureLength + 1]).Encode();
        var endorsementOverLimit = new SignedTransaction(Samples.Payload().Encode(), new byte[] { 1 }, [new Endorsement([1], new byte[SignedTransaction.MaxSignatureLength + 1])]).Encode();
        var signerOverLimit = new SignedTransaction(Samples.Payload().Encode(), new byte[] { 1 }, [new Endorsement(new byte[TxPayload.MaxCertificateLength + 1], [1])]).Encode();

        Assert.Equal(SignedTransaction.MaxSignatureLength, SignedTransaction.Decode(atLimit).CreatorSignature.Length);
        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(overLimit));
        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(endorsementOverLimit));
        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(signerOverLimit));
    }

    [Fact]
    public void Tx_id_is_sha256_of_the_payload_and_compute_tx_id_of_the_envelope_agrees()
    {
        var envelope = Samples.Envelope();
        var bytes = envelope.Encode();

        Assert.Equal(Hash32.Compute(envelope.Payload.Span), envelope.TxId);
        Assert.Equal(envelope.TxId, SignedTransaction.ComputeTxId(bytes));
        Assert.Equal(envelope.TxId, SignedTransaction.Decode(bytes).TxId);
    }

    [Fact]
    public void Tx_id_does_not_change_when_signatures_or_endorsements_change()
    {
        var payload = Samples.Payload().Encode();
        var a = new SignedTransaction(payload, Samples.Signature(1));
        var b = new SignedTransaction(payload, Samples.Signature(2), [new Endorsement([9], Samples.Signature(3))]);

        Assert.Equal(a.TxId, b.TxId);
        Assert.Equal(SignedTransaction.ComputeTxId(a.Encode()), SignedTransaction.ComputeTxId(b.Encode()));
        Assert.NotEqual(a.Encode(), b.Encode());
    }

    [Fact]
    public void Compute_tx_id_of_bytes_without_a_payload_field_hashes_the_whole_input()
    {
        byte[][] inputs =
        [
            [],
            [1],
            [1, 0, 0, 0],
            [2, 0, 0, 0, 1, 0xAA],              // unknown version
            [1, 0, 0, 0, 9, 0xAA, 0xBB],        // payload length beyond the input
            [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xAA],  // huge length must not overflow
        ];

        foreach (var input in inputs)
        {
            Assert.Equal(Hash32.Compute(input), SignedTransaction.ComputeTxId(input));
        }
    }

    [Fact]
    public void Compute_tx_id_hashes_the_payload_field_even_when_the_rest_does_not_decode()
    {
        var envelope = Samples.Envelope();
        var garbage = Samples.Append(envelope.Encode(), 0xEE);

        Assert.Throws<LedgerFormatException>(() => SignedTransaction.Decode(garbage));
        Assert.Equal(envelope.TxId, SignedTransaction.ComputeTxId(garbage));
    }
}
