using Ledger.Core.Serialization;
using Ledger.Core.Tests.Support;
using Ledger.Core.Transactions;

namespace Ledger.Core.Tests.Transactions;

public sealed class TxPayloadTests
{
    private static byte[] EncodeRaw(
        byte version = TxPayload.CurrentVersion,
        string chainId = "test-chain",
        string contract = "equipment",
        string function = "Register",
        string arguments = "{}",
        byte[]? creator = null,
        byte[]? nonce = null,
        long clientTime = 0) =>
        new CanonicalWriter()
            .WriteByte(version)
            .WriteString(chainId)
            .WriteString(contract)
            .WriteString(function)
            .WriteString(arguments)
            .WriteBytes(creator ?? [1, 2, 3])
            .WriteBytes(nonce ?? new byte[TxPayload.MinNonceLength])
            .WriteInt64(clientTime)
            .ToArray();

    [Fact]
    public void Encode_then_decode_gives_the_same_fields_and_the_same_bytes()
    {
        var payload = Samples.Payload();
        var bytes = payload.Encode();

        var decoded = TxPayload.Decode(bytes);

        Assert.Equal(payload.ChainId, decoded.ChainId);
        Assert.Equal(payload.Contract, decoded.Contract);
        Assert.Equal(payload.Function, decoded.Function);
        Assert.Equal(payload.Arguments, decoded.Arguments);
        Assert.Equal(payload.Creator, decoded.Creator);
        Assert.Equal(payload.Nonce, decoded.Nonce);
        Assert.Equal(payload.ClientTimeUnixMs, decoded.ClientTimeUnixMs);
        Assert.Equal(bytes, decoded.Encode());
    }

    [Fact]
    public void Encoding_is_the_documented_field_order()
    {
        var payload = new TxPayload("c", "k", "f", "{}", [0xCC], [1, 2, 3, 4, 5, 6, 7, 8], -1);

        Assert.Equal(
            Convert.FromHexString("01" + "0000000163" + "000000016B" + "0000000166" + "000000027B7D" + "00000001CC" + "000000080102030405060708" + "FFFFFFFFFFFFFFFF"),
            payload.Encode());
    }

    [Fact]
    public void Arguments_are_kept_byte_for_byte()
    {
        const string arguments = "{ \"b\" : 1,\n\"a\":\"\\u00e9é\" }";
        var decoded = TxPayload.Decode(Samples.Payload(arguments: arguments).Encode());

        Assert.Equal(arguments, decoded.Arguments);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        Samples.AssertEveryTruncationIsRejected(Samples.Payload().Encode(), b => TxPayload.Decode(b));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Samples.Append(Samples.Payload().Encode(), 0);

        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void Other_versions_are_rejected(byte version)
    {
        var bytes = Samples.Payload().Encode();
        bytes[0] = version;

        var e = Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(bytes));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TxPayload.MinNonceLength)]
    [InlineData(TxPayload.MaxNonceLength)]
    public void Nonce_at_its_bounds_is_accepted(int length)
    {
        var decoded = TxPayload.Decode(EncodeRaw(nonce: new byte[length]));

        Assert.Equal(length, decoded.Nonce.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TxPayload.MinNonceLength - 1)]
    [InlineData(TxPayload.MaxNonceLength + 1)]
    public void Nonce_outside_its_bounds_is_rejected(int length)
    {
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(nonce: new byte[length])));
    }

    [Fact]
    public void Empty_creator_is_rejected()
    {
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(creator: [])));
    }

    [Fact]
    public void Creator_longer_than_the_certificate_limit_is_rejected_and_at_the_limit_accepted()
    {
        Assert.Equal(TxPayload.MaxCertificateLength, TxPayload.Decode(EncodeRaw(creator: new byte[TxPayload.MaxCertificateLength])).Creator.Length);
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(creator: new byte[TxPayload.MaxCertificateLength + 1])));
    }

    [Theory]
    [InlineData("", "Register")]
    [InlineData("equipment", "")]
    public void Empty_contract_or_function_is_rejected(string contract, string function)
    {
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(contract: contract, function: function)));
    }

    [Fact]
    public void Names_are_limited_to_128_utf8_bytes()
    {
        var atLimit = new string('é', TxPayload.MaxNameLength / 2);
        var overLimit = atLimit + "x";

        Assert.Equal(atLimit, TxPayload.Decode(EncodeRaw(chainId: atLimit, contract: atLimit, function: atLimit)).ChainId);
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(chainId: overLimit)));
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(contract: overLimit)));
        Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(EncodeRaw(function: overLimit)));
    }

    [Fact]
    public void Arguments_that_are_not_utf8_are_rejected()
    {
        var bytes = new CanonicalWriter()
            .WriteByte(TxPayload.CurrentVersion)
            .WriteString("c").WriteString("k").WriteString("f")
            .WriteBytes([0x7B, 0xC3, 0x28, 0x7D])
            .WriteBytes([1]).WriteBytes(new byte[8]).WriteInt64(0)
            .ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => TxPayload.Decode(bytes));
        Assert.Contains("payload.arguments", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tx_id_is_sha256_of_the_exact_payload_bytes()
    {
        var bytes = Samples.Payload().Encode();

        var envelope = new SignedTransaction(bytes, Samples.Signature());

        Assert.Equal(Hash32.Compute(bytes), envelope.TxId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), envelope.TxId.ToHex());
    }

    [Fact]
    public void Payloads_that_differ_only_in_nonce_have_different_tx_ids()
    {
        var a = Samples.Payload();
        var b = a with { Nonce = [.. a.Nonce[..^1], (byte)(a.Nonce[^1] ^ 1)] };

        Assert.NotEqual(Hash32.Compute(a.Encode()), Hash32.Compute(b.Encode()));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void Client_time_round_trips_as_a_signed_integer(long clientTime)
    {
        var decoded = TxPayload.Decode((Samples.Payload() with { ClientTimeUnixMs = clientTime }).Encode());

        Assert.Equal(clientTime, decoded.ClientTimeUnixMs);
    }
}
