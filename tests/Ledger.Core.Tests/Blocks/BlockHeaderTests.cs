using Ledger.Core.Blocks;
using Ledger.Core.Serialization;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Blocks;

public sealed class BlockHeaderTests
{
    [Fact]
    public void Encode_then_decode_gives_an_equal_header_and_the_same_bytes()
    {
        var header = Samples.Header(chainId: "chaîne", proposer: "nœud-1");
        var bytes = header.Encode();

        var decoded = BlockHeader.Decode(bytes);

        Assert.Equal(header, decoded);
        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(header.Hash, decoded.Hash);
    }

    [Fact]
    public void Hash_is_sha256_of_the_encoding()
    {
        var header = Samples.Header();

        Assert.Equal(Hash32.Compute(header.Encode()), header.Hash);
    }

    [Fact]
    public void Encoding_is_the_documented_field_order()
    {
        var h = Samples.Header(chainId: "c", height: 2, blockTimeUnixMs: 3, proposer: "p", configVersion: 4);
        var expected = new CanonicalWriter()
            .WriteUInt32(BlockHeader.CurrentVersion).WriteString("c").WriteUInt64(2)
            .WriteHash(h.PreviousHash).WriteHash(h.TxRoot).WriteUInt32(h.TxCount).WriteHash(h.StateRoot)
            .WriteInt64(3).WriteString("p").WriteUInt64(4).WriteHash(h.ConfigHash)
            .ToArray();

        Assert.Equal(expected, h.Encode());
    }

    [Fact]
    public void Hash_changes_when_any_single_field_changes()
    {
        var other = Hash32.Compute("other"u8);
        var baseline = Samples.Header();
        // each variant is built fresh (not with `with`, see the skipped test below)
        BlockHeader[] variants =
        [
            Samples.Header(chainId: "test-chaim"),
            Samples.Header(height: 8),
            Samples.Header(previousHash: other),
            Samples.Header(txRoot: other),
            Samples.Header(txCount: 4),
            Samples.Header(stateRoot: other),
            Samples.Header(blockTimeUnixMs: baseline.BlockTimeUnixMs + 1),
            Samples.Header(proposer: "node-2"),
            Samples.Header(configVersion: 2),
            Samples.Header(configHash: other),
        ];

        var hashes = variants.Select(v => v.Hash).Append(baseline.Hash).ToHashSet();
        Assert.Equal(variants.Length + 1, hashes.Count);
        Assert.Equal(baseline.Hash, Samples.Header().Hash);
    }

    [Fact]
    public void Version_is_part_of_the_hash()
    {
        // another version cannot be decoded but its encoding, and so its hash, differs
        Assert.NotEqual(Samples.Header().Hash, Samples.Header(version: BlockHeader.CurrentVersion + 1).Hash);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        Samples.AssertEveryTruncationIsRejected(Samples.Header().Encode(), b => BlockHeader.Decode(b));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Samples.Append(Samples.Header().Encode(), 0);

        Assert.Throws<LedgerFormatException>(() => BlockHeader.Decode(bytes));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(3u)]
    [InlineData(uint.MaxValue)]
    public void Other_versions_are_rejected(uint version)
    {
        var bytes = Samples.Header(version: version).Encode();

        var e = Assert.Throws<LedgerFormatException>(() => BlockHeader.Decode(bytes));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_id_over_128_bytes_and_proposer_over_256_bytes_are_rejected()
    {
        Assert.Equal(128, BlockHeader.Decode(Samples.Header(chainId: new string('c', 128)).Encode()).ChainId.Length);
        Assert.Equal(256, BlockHeader.Decode(Samples.Header(proposer: new string('p', 256)).Encode()).Proposer.Length);
        Assert.Throws<LedgerFormatException>(() => BlockHeader.Decode(Samples.Header(chainId: new string('c', 129)).Encode()));
        Assert.Throws<LedgerFormatException>(() => BlockHeader.Decode(Samples.Header(proposer: new string('p', 257)).Encode()));
    }

    [Fact]
    public void Block_time_is_the_unix_milliseconds()
    {
        var header = Samples.Header(blockTimeUnixMs: 1_767_225_601_234);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, 234, TimeSpan.Zero), header.BlockTime);
    }

    [Fact]
    public void Hash_of_a_copy_made_with_with_reflects_the_changed_field()
    {
        var header = Samples.Header();
        _ = header.Hash;

        var changed = header with { StateRoot = Hash32.Compute("forged"u8) };

        Assert.Equal(Hash32.Compute(changed.Encode()), changed.Hash);
        Assert.NotEqual(header.Hash, changed.Hash);
    }

    [Fact]
    public void Headers_with_equal_fields_are_equal_whether_or_not_their_hash_was_computed()
    {
        var a = Samples.Header();
        var b = Samples.Header();
        _ = a.Hash;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
