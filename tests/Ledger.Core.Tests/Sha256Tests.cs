using System.Security.Cryptography;

namespace Ledger.Core.Tests;

public sealed class Sha256Tests
{
    [Fact]
    public void On_linux_the_direct_openssl_functions_are_in_use_and_elsewhere_dotnets()
    {
        // the speed-up must not silently fall away where .NET's own OpenSSL exports them
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DOTNET_OPENSSL_VERSION_OVERRIDE") is null)
        {
            Assert.True(Sha256.IsNative, Sha256.Implementation);
            Assert.StartsWith("OpenSSL SHA256_Init/Update/Final", Sha256.Implementation, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(Sha256.IsNative);
            Assert.Equal("System.Security.Cryptography.SHA256", Sha256.Implementation);
        }
    }

    [Fact]
    public void Every_length_up_to_three_blocks_and_a_large_input_give_dotnets_digest()
    {
        var data = new byte[200_000];
        new Random(42).NextBytes(data);
        Span<byte> actual = stackalloc byte[Hash32.Size];
        var lengths = Enumerable.Range(0, 200).Concat([1023, 1024, 1025, 65_536, 200_000]);
        foreach (var length in lengths)
        {
            var input = data.AsSpan(0, length);
            Sha256.Hash(input, actual);
            Assert.Equal(SHA256.HashData(input), actual.ToArray());
        }
    }

    [Fact]
    public void Two_parts_hash_as_their_concatenation_wherever_they_are_split()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        var expected = SHA256.HashData(data);
        Span<byte> actual = stackalloc byte[Hash32.Size];
        for (var split = 0; split <= data.Length; split++)
        {
            Sha256.Hash(data.AsSpan(0, split), data.AsSpan(split), actual);
            Assert.Equal(expected, actual.ToArray());
        }
    }

    [Fact]
    public void Digests_computed_on_many_threads_at_once_are_all_correct()
    {
        var inputs = Enumerable.Range(0, 2000).Select(i => BitConverter.GetBytes(i * 7919L).Concat(new byte[i % 130]).ToArray()).ToArray();
        var expected = inputs.Select(SHA256.HashData).ToArray();
        var actual = new byte[inputs.Length][];
        Parallel.For(0, inputs.Length, i =>
        {
            var digest = new byte[Hash32.Size];
            Sha256.Hash(inputs[i], digest);
            actual[i] = digest;
        });

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_destination_shorter_than_a_digest_is_refused_and_left_alone()
    {
        var destination = new byte[31];
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Hash("abc"u8, destination));
        Assert.All(destination, b => Assert.Equal(0, b));
    }
}
