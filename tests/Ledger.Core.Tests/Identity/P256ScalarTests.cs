using System.Numerics;
using Ledger.Core.Identity;

namespace Ledger.Core.Tests.Identity;

public sealed class P256ScalarTests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    private static byte[] Bytes(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }

    private static BigInteger Number(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static void AssertInverse(BigInteger a)
    {
        var inverse = new byte[32];

        Assert.True(P256Scalar.TryInverse(Bytes(a), inverse), $"no inverse of {a:X}");

        // n is prime: a^(n−2) is the inverse (Fermat), computed here by BigInteger
        Assert.Equal(BigInteger.ModPow(a, N - 2, N), Number(inverse));
        Assert.Equal(BigInteger.One, a * Number(inverse) % N);
    }

    [Fact]
    public void Random_values_invert_as_fermat_says()
    {
        var random = new Random(17);
        var bytes = new byte[32];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(bytes);
            var a = Number(bytes) % N;
            if (!a.IsZero)
            {
                AssertInverse(a);
            }
        }
    }

    [Fact]
    public void Many_random_and_sparse_values_times_their_inverse_are_one()
    {
        var random = new Random(23);
        var bytes = new byte[32];
        var inverse = new byte[32];
        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(bytes);
            if (i % 3 == 1)
            {
                // long runs of equal bits (few set, or few clear) take other paths through the steps
                for (var b = 0; b < 32; b++)
                {
                    bytes[b] &= (byte)random.Next(256);
                    bytes[b] &= (byte)random.Next(256);
                }
            }
            else if (i % 3 == 2)
            {
                bytes.AsSpan(0, random.Next(32)).Clear();
            }

            var a = Number(bytes) % N;
            if (a.IsZero)
            {
                continue;
            }

            Assert.True(P256Scalar.TryInverse(Bytes(a), inverse));
            Assert.True(Number(inverse) < N);
            Assert.Equal(BigInteger.One, a * Number(inverse) % N);
        }
    }

    [Fact]
    public void Edge_values_invert_as_fermat_says()
    {
        BigInteger[] values = [1, 2, 3, N - 1, N - 2, (N - 1) / 2, (N + 1) / 2, BigInteger.Pow(2, 255), BigInteger.Pow(2, 128) - 1, N >> 1];
        foreach (var value in values)
        {
            AssertInverse(value);
        }

        for (var k = 0; k < 256; k++)
        {
            AssertInverse(BigInteger.Pow(2, k) % N);
            AssertInverse((BigInteger.Pow(2, 256) - BigInteger.Pow(2, k)) % N);
        }
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")]
    [InlineData("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632552")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Zero_and_values_not_below_n_have_no_inverse_and_nothing_is_written(string hex)
    {
        var inverse = Enumerable.Repeat((byte)0xAA, 32).ToArray();

        Assert.False(P256Scalar.TryInverse(Convert.FromHexString(hex), inverse));
        Assert.All(inverse, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Inputs_of_the_wrong_length_have_no_inverse()
    {
        Assert.False(P256Scalar.TryInverse(new byte[31], new byte[32]));
        Assert.False(P256Scalar.TryInverse([.. new byte[31], 1], new byte[31]));
    }
}
