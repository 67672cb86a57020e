using Ledger.Core.Serialization;

namespace Ledger.Core.Tests.Serialization;

/// <summary>CanonicalWriter and CanonicalReader: layout, round trips and every way input can be malformed.</summary>
public sealed class CanonicalEncodingTests
{
    private static readonly Hash32 SomeHash = Hash32.Compute([1, 2, 3]);

    [Fact]
    public void Every_field_type_round_trips()
    {
        var bytes = new CanonicalWriter()
            .WriteByte(0xAB)
            .WriteBool(true)
            .WriteBool(false)
            .WriteUInt16(ushort.MaxValue)
            .WriteUInt32(uint.MaxValue)
            .WriteUInt64(ulong.MaxValue)
            .WriteInt64(long.MinValue)
            .WriteInt64(-1)
            .WriteHash(SomeHash)
            .WriteBytes([])
            .WriteBytes([0, 1, 255])
            .WriteString(string.Empty)
            .WriteString("Grüße, 机器 🚜")
            .WriteRaw([9, 8])
            .ToArray();

        var reader = new CanonicalReader(bytes);
        Assert.Equal(0xAB, reader.ReadByte("b"));
        Assert.True(reader.ReadBool("t"));
        Assert.False(reader.ReadBool("f"));
        Assert.Equal(ushort.MaxValue, reader.ReadUInt16("u16"));
        Assert.Equal(uint.MaxValue, reader.ReadUInt32("u32"));
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64("u64"));
        Assert.Equal(long.MinValue, reader.ReadInt64("i64"));
        Assert.Equal(-1L, reader.ReadInt64("i64"));
        Assert.Equal(SomeHash, reader.ReadHash("hash"));
        Assert.Empty(reader.ReadBytes("empty"));
        Assert.Equal([0, 1, 255], reader.ReadBytes("bytes"));
        Assert.Equal(string.Empty, reader.ReadString("empty string"));
        Assert.Equal("Grüße, 机器 🚜", reader.ReadString("string"));
        Assert.Equal(2, reader.Remaining);
        Assert.Equal(9, reader.ReadByte("raw"));
        Assert.Equal(8, reader.ReadByte("raw"));
        reader.EnsureEnd("test");
    }

    [Fact]
    public void Integers_are_fixed_width_big_endian()
    {
        var bytes = new CanonicalWriter()
            .WriteUInt16(0x0102)
            .WriteUInt32(0x03040506)
            .WriteUInt64(0x0708090A0B0C0D0E)
            .WriteInt64(-2)
            .ToArray();

        Assert.Equal(
            Convert.FromHexString("0102" + "03040506" + "0708090A0B0C0D0E" + "FFFFFFFFFFFFFFFE"),
            bytes);
    }

    [Fact]
    public void Byte_strings_and_strings_carry_a_u32_big_endian_length_then_utf8()
    {
        Assert.Equal(Convert.FromHexString("00000003" + "010203"), new CanonicalWriter().WriteBytes([1, 2, 3]).ToArray());
        Assert.Equal(Convert.FromHexString("00000002" + "C3A9"), new CanonicalWriter().WriteString("é").ToArray());
        Assert.Equal(Convert.FromHexString("00000000"), new CanonicalWriter().WriteString(string.Empty).ToArray());
        Assert.Equal(Convert.FromHexString("01" + "00"), new CanonicalWriter().WriteBool(true).WriteBool(false).ToArray());
    }

    [Fact]
    public void Hash_is_written_as_its_32_raw_bytes()
    {
        var bytes = new CanonicalWriter().WriteHash(SomeHash).ToArray();

        Assert.Equal(SomeHash.ToArray(), bytes);
    }

    [Fact]
    public void Writer_length_and_written_span_track_the_output()
    {
        var writer = new CanonicalWriter(initialCapacity: 1);
        writer.WriteUInt32(7).WriteString(new string('x', 1000));

        Assert.Equal(1008, writer.Length);
        Assert.Equal(writer.ToArray(), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("000000")]
    [InlineData("00000000000000")]
    public void Reading_a_number_past_the_end_throws(string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadUInt64("n"));
        if (bytes.Length < 4)
        {
            Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadUInt32("n"));
        }

        if (bytes.Length < 2)
        {
            Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadUInt16("n"));
        }

        if (bytes.Length < 1)
        {
            Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadByte("n"));
            Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadBool("n"));
        }

        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadInt64("n"));
    }

    [Fact]
    public void Reading_a_hash_from_31_bytes_throws()
    {
        var bytes = new byte[31];

        var e = Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadHash("header.txRoot"));
        Assert.Contains("header.txRoot", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_length_prefixed_field_throws()
    {
        var bytes = new CanonicalWriter().WriteBytes([1, 2, 3, 4, 5]).WriteString("hello").ToArray();

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<LedgerFormatException>(() =>
            {
                var reader = new CanonicalReader(prefix);
                reader.ReadBytes("bytes");
                reader.ReadString("string");
            });
        }
    }

    [Theory]
    [InlineData(0x00000006u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFFFu)]
    public void Length_prefix_beyond_the_input_throws_and_does_not_overflow(uint claimed)
    {
        var bytes = new CanonicalWriter().WriteUInt32(claimed).WriteRaw([1, 2, 3, 4, 5]).ToArray();

        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadBytes("bytes"));
        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadString("string"));
    }

    [Fact]
    public void Trailing_bytes_are_rejected_by_ensure_end()
    {
        var bytes = new CanonicalWriter().WriteUInt32(1).WriteByte(0).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() =>
        {
            var reader = new CanonicalReader(bytes);
            reader.ReadUInt32("n");
            reader.EnsureEnd("thing");
        });
        Assert.Contains("1 trailing bytes after thing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_end_accepts_exactly_consumed_input()
    {
        var reader = new CanonicalReader(new CanonicalWriter().WriteUInt32(1).ToArray());
        reader.ReadUInt32("n");

        reader.EnsureEnd("thing");
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void A_boolean_other_than_0_or_1_is_rejected(byte value)
    {
        var bytes = new[] { value };

        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadBool("flag"));
    }

    [Theory]
    [InlineData("80", "lone continuation byte")]
    [InlineData("C080", "overlong encoding of U+0000")]
    [InlineData("C1BF", "overlong two-byte encoding")]
    [InlineData("E08080", "overlong three-byte encoding")]
    [InlineData("EDA080", "UTF-16 surrogate D800 encoded")]
    [InlineData("E282", "truncated three-byte sequence")]
    [InlineData("F4908080", "code point above U+10FFFF")]
    [InlineData("FF", "byte never valid in UTF-8")]
    [InlineData("41FE42", "invalid byte between valid ones")]
    public void A_string_that_is_not_valid_utf8_is_rejected(string hex, string why)
    {
        var bytes = new CanonicalWriter().WriteBytes(Convert.FromHexString(hex)).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadString("payload.function"));
        Assert.True(e.Message.Contains("UTF-8", StringComparison.Ordinal), why);
    }

    [Fact]
    public void A_byte_order_mark_is_kept_not_stripped()
    {
        var bytes = new CanonicalWriter().WriteBytes(Convert.FromHexString("EFBBBF41")).ToArray();

        Assert.Equal("\uFEFFA", new CanonicalReader(bytes).ReadString("s"));
    }

    [Fact]
    public void Byte_string_at_its_maximum_length_is_read_and_one_more_byte_is_rejected()
    {
        var atMax = new CanonicalWriter().WriteBytes(new byte[16]).ToArray();
        var overMax = new CanonicalWriter().WriteBytes(new byte[17]).ToArray();

        Assert.Equal(16, new CanonicalReader(atMax).ReadBytes("b", maxLength: 16).Length);
        var e = Assert.Throws<LedgerFormatException>(() => new CanonicalReader(overMax).ReadBytes("b", maxLength: 16));
        Assert.Contains("longer than 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void String_maximum_length_counts_utf8_bytes_not_characters()
    {
        // four characters, eight UTF-8 bytes
        var bytes = new CanonicalWriter().WriteString("éééé").ToArray();

        Assert.Equal("éééé", new CanonicalReader(bytes).ReadString("s", maxLength: 8));
        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadString("s", maxLength: 7));
    }

    [Fact]
    public void Declared_length_above_the_maximum_is_rejected_before_the_bytes_are_needed()
    {
        // claims 1 MiB but carries nothing: the bound is checked first
        var bytes = new CanonicalWriter().WriteUInt32(1 << 20).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadBytes("b", maxLength: 64));
        Assert.Contains("longer than 64", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(10u, 10)]
    public void Count_within_its_bound_is_returned(uint count, int max)
    {
        var bytes = new CanonicalWriter().WriteUInt32(count).ToArray();

        Assert.Equal((int)count, new CanonicalReader(bytes).ReadCount("n", max));
    }

    [Theory]
    [InlineData(11u, 10)]
    [InlineData(1u, 0)]
    [InlineData(0x80000000u, int.MaxValue)]
    [InlineData(uint.MaxValue, 100_000)]
    public void Count_above_its_bound_is_rejected(uint count, int max)
    {
        var bytes = new CanonicalWriter().WriteUInt32(count).ToArray();

        Assert.Throws<LedgerFormatException>(() => new CanonicalReader(bytes).ReadCount("n", max));
    }

    [Fact]
    public void Equal_values_have_equal_encodings()
    {
        byte[] Encode() => new CanonicalWriter().WriteString("a").WriteUInt64(42).WriteBytes([7]).ToArray();

        Assert.Equal(Encode(), Encode());
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_the_replacement_character_so_the_bytes_round_trip()
    {
        // By design (see CanonicalWriter): strings that reach the encoder may come from JSON escapes
        // such as "\ud800"; throwing there would stop a block. The replacement is deterministic and
        // everything hashed or signed is the bytes, which decode and re-encode identically.
        var bytes = new CanonicalWriter().WriteString("a\uD800b").ToArray();

        var reader = new CanonicalReader(bytes);
        var decoded = reader.ReadString("s");

        Assert.Equal("a\uFFFDb", decoded);
        Assert.Equal(bytes, new CanonicalWriter().WriteString(decoded).ToArray());
    }
}
