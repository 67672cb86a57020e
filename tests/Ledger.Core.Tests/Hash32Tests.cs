using System.Security.Cryptography;

namespace Ledger.Core.Tests;

public sealed class Hash32Tests
{
    [Fact]
    public void Compute_is_sha256_and_round_trips_through_bytes_and_hex()
    {
        var hash = Hash32.Compute("abc"u8);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.ToHex());
        Assert.Equal(SHA256.HashData("abc"u8), hash.ToArray());
        Assert.Equal(hash, new Hash32(hash.ToArray()));
        Assert.Equal(hash, Hash32.Parse(hash.ToHex().ToUpperInvariant()));
        Assert.Equal(hash.ToHex(), hash.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ba7816bf")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Anything_but_64_hex_digits_does_not_parse(string? text)
    {
        Assert.False(Hash32.TryParse(text, out var hash));
        Assert.True(hash.IsZero);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => Hash32.Parse(text));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Construction_from_other_than_32_bytes_throws(int length)
    {
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[length]));
    }

    [Fact]
    public void Zero_is_all_zero_bytes_and_any_other_hash_is_not_zero()
    {
        Assert.True(Hash32.Zero.IsZero);
        Assert.Equal(new byte[32], Hash32.Zero.ToArray());
        var last = new byte[32];
        last[31] = 1;
        Assert.False(new Hash32(last).IsZero);
    }

    [Fact]
    public void Ordering_is_unsigned_big_endian_bytes()
    {
        static Hash32 With(int index, byte value)
        {
            var bytes = new byte[32];
            bytes[index] = value;
            return new Hash32(bytes);
        }

        // 0x80 must sort above 0x7F (unsigned) and an earlier byte outweighs every later one
        Assert.True(With(0, 0x80).CompareTo(With(0, 0x7F)) > 0);
        Assert.True(With(0, 0x01).CompareTo(With(31, 0xFF)) > 0);
        Assert.True(With(8, 0x01).CompareTo(With(9, 0xFF)) > 0);
        Assert.True(With(24, 0x01).CompareTo(With(31, 0xFF)) > 0);
        Assert.Equal(0, With(5, 3).CompareTo(With(5, 3)));

        var random = new Random(7);
        var hashes = Enumerable.Range(0, 200).Select(_ =>
        {
            var b = new byte[32];
            random.NextBytes(b);
            return new Hash32(b);
        }).ToList();
        var byBytes = hashes.OrderBy(h => h.ToArray(), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        Assert.Equal(byBytes, hashes.Order().ToList());
    }

    [Fact]
    public void Equality_and_hash_code_follow_the_bytes()
    {
        var a = Hash32.Compute([1]);
        var b = Hash32.Compute([1]);
        var c = Hash32.Compute([2]);

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a != c);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals((object)c.ToArray()));
    }
}
