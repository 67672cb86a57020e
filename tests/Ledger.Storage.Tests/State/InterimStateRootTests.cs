using System.Security.Cryptography;
using Ledger.Core;
using Ledger.Core.Serialization;
using Ledger.State;

namespace Ledger.Storage.Tests.State;

/// <summary>The version 1 state commitment LedgerStore records in every head.</summary>
public sealed class InterimStateRootTests
{
    private static readonly Hash32 Previous = Hash32.Compute("previous root"u8);

    /// <summary>SHA-256(previous || each write's key, present flag, value), computed in one piece.</summary>
    private static Hash32 Reference(Hash32 previous, IReadOnlyList<StateWrite> writes)
    {
        var writer = new CanonicalWriter();
        writer.WriteHash(previous);
        foreach (var w in writes)
        {
            writer.WriteBytes(w.Key).WriteBool(w.Value is not null).WriteBytes(w.Value ?? []);
        }

        return new Hash32(SHA256.HashData(writer.WrittenSpan));
    }

    [Fact]
    public void Block_without_writes_keeps_the_previous_root()
    {
        Assert.Equal(Previous, InterimStateRoot.Next(Previous, []));
    }

    [Fact]
    public void Root_is_sha256_of_the_previous_root_and_the_write_set()
    {
        StateWrite[] writes = [new("a"u8.ToArray(), [1, 2]), new("b"u8.ToArray(), null), new("c"u8.ToArray(), [])];

        Assert.Equal(Reference(Previous, writes), InterimStateRoot.Next(Previous, writes));
    }

    [Fact]
    public void Write_sets_larger_than_the_one_mebibyte_chunk_hash_as_one_piece()
    {
        var value = new byte[300 * 1024];
        new Random(3).NextBytes(value);
        var writes = Enumerable.Range(0, 10).Select(i => new StateWrite([(byte)i], value)).ToArray();

        Assert.Equal(Reference(Previous, writes), InterimStateRoot.Next(Previous, writes));
    }

    [Fact]
    public void Deletion_empty_value_and_previous_root_are_all_distinguished()
    {
        var key = "k"u8.ToArray();

        var deleted = InterimStateRoot.Next(Previous, [new StateWrite(key, null)]);
        var empty = InterimStateRoot.Next(Previous, [new StateWrite(key, [])]);
        var otherPrevious = InterimStateRoot.Next(Hash32.Zero, [new StateWrite(key, null)]);

        Assert.NotEqual(deleted, empty);
        Assert.NotEqual(deleted, otherPrevious);
        Assert.NotEqual(Previous, deleted);
    }

    [Fact]
    public void Key_and_value_boundaries_cannot_be_shifted()
    {
        // "ab" = "c" must not hash like "a" = "bc": lengths are part of the encoding
        var a = InterimStateRoot.Next(Previous, [new StateWrite("ab"u8.ToArray(), "c"u8.ToArray())]);
        var b = InterimStateRoot.Next(Previous, [new StateWrite("a"u8.ToArray(), "bc"u8.ToArray())]);

        Assert.NotEqual(a, b);
    }
}
