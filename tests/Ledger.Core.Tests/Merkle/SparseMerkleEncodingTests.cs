using System.Text;
using Ledger.Core.Merkle;
using Ledger.Core.Serialization;

namespace Ledger.Core.Tests.Merkle;

/// <summary>The canonical bytes of a state proof path: <see cref="SparseMerkle.Write"/> and <see cref="SparseMerkle.Read"/>.</summary>
public sealed class SparseMerkleEncodingTests
{
    private static Hash32 H(string s) => Hash32.Compute(Encoding.UTF8.GetBytes(s));

    private static byte[] Bytes(StateProofPath path)
    {
        var writer = new CanonicalWriter();
        SparseMerkle.Write(writer, path);
        return writer.ToArray();
    }

    /// <summary>The one place these tests call <see cref="SparseMerkle.Read"/>.</summary>
    private static StateProofPath ReadPath(byte[] bytes)
    {
        var reader = new CanonicalReader(bytes);
        return SparseMerkle.Read(ref reader);
    }

    private static StateProofPath RoundTrip(StateProofPath path) => ReadPath(Bytes(path));

    private static void AssertSamePath(StateProofPath expected, StateProofPath actual)
    {
        Assert.Equal(expected.Levels.Count, actual.Levels.Count);
        for (var i = 0; i < expected.Levels.Count; i++)
        {
            Assert.Equal(expected.Levels[i].Bitmap, actual.Levels[i].Bitmap);
            Assert.Equal(expected.Levels[i].Siblings, actual.Levels[i].Siblings);
        }

        Assert.Equal(expected.Terminal, actual.Terminal);
    }

    /// <summary>A genuine tree of two leaves whose keys differ at the first digit, and the proof of the first.</summary>
    private static (Hash32 Root, Hash32 Key, byte[] Value, StateProofPath Proof) TwoLeafTree()
    {
        var a = SparseMerkle.KeyHash("a"u8);
        var b = Enumerable.Range(0, 100).Select(i => SparseMerkle.KeyHash(Encoding.UTF8.GetBytes($"b{i}"))).First(k => SparseMerkle.Digit(k, 0) != SparseMerkle.Digit(a, 0));
        var value = "va"u8.ToArray();
        var leafA = SparseMerkle.LeafHash(a, Hash32.Compute(value));
        var leafB = SparseMerkle.LeafHash(b, H("vb"));
        var (da, db) = (SparseMerkle.Digit(a, 0), SparseMerkle.Digit(b, 0));
        var bitmap = (ushort)(1 << da | 1 << db);
        var root = SparseMerkle.BranchHash(bitmap, da < db ? [leafA, leafB] : [leafB, leafA]);
        return (root, a, value, new StateProofPath([new StateProofLevel(bitmap, [leafB])], new SparseLeaf(a, Hash32.Compute(value))));
    }

    public static TheoryData<string> Shapes => new("empty", "leaf only", "levels and a leaf", "levels without a leaf", "64 levels");

    private static StateProofPath Shape(string name) => name switch
    {
        "empty" => new StateProofPath([], null),
        "leaf only" => new StateProofPath([], new SparseLeaf(H("k"), H("v"))),
        "levels and a leaf" => new StateProofPath(
            [new StateProofLevel(0xFFFF, Enumerable.Range(0, 15).Select(i => H($"s{i}")).ToArray()), new StateProofLevel(0b1000_0000_0000_0101, [H("x"), H("y")])],
            new SparseLeaf(H("k"), H("v"))),
        "levels without a leaf" => new StateProofPath([new StateProofLevel(0x8001, [H("only"), H("two")]), new StateProofLevel(0x0010, [H("one")])], null),
        "64 levels" => new StateProofPath(Enumerable.Range(0, SparseMerkle.MaxDepth).Select(i => new StateProofLevel((ushort)(1 << (i % 16)), [])).ToArray(), new SparseLeaf(H("deep"), H("v"))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_then_Read_gives_the_same_path(string shape)
    {
        var path = Shape(shape);

        AssertSamePath(path, RoundTrip(path));
    }

    [Fact]
    public void Equal_paths_have_equal_bytes_and_different_paths_different_bytes()
    {
        Assert.Equal(Bytes(Shape("levels and a leaf")), Bytes(Shape("levels and a leaf")));
        Assert.NotEqual(Bytes(Shape("empty")), Bytes(Shape("leaf only")));
        Assert.NotEqual(Bytes(Shape("levels and a leaf")), Bytes(Shape("levels without a leaf")));
    }

    [Fact]
    public void A_genuine_path_read_back_still_verifies()
    {
        var (root, key, value, proof) = TwoLeafTree();
        Assert.Null(SparseMerkle.Verify(root, key, value, proof));

        var read = RoundTrip(proof);

        AssertSamePath(proof, read);
        Assert.Null(SparseMerkle.Verify(root, key, value, read));
        Assert.Equal("value-does-not-match-leaf", SparseMerkle.Verify(root, key, "vb"u8.ToArray(), read));
    }

    [Fact]
    public void Read_refuses_more_than_64_levels_before_reading_them()
    {
        var bytes = new CanonicalWriter().WriteUInt32(SparseMerkle.MaxDepth + 1).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => ReadPath(bytes));
        Assert.Contains("at most 64 levels", e.Message, StringComparison.Ordinal);
        Assert.Throws<LedgerFormatException>(() => ReadPath(new CanonicalWriter().WriteUInt32(uint.MaxValue).ToArray()));
    }

    [Fact]
    public void Read_refuses_a_bitmap_of_more_than_16_bits()
    {
        var bytes = new CanonicalWriter().WriteUInt32(1).WriteUInt32(0x1_0000).WriteUInt32(0).WriteBool(false).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => ReadPath(bytes));
        Assert.Contains("16 bits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_refuses_more_than_16_siblings_before_reading_them()
    {
        var bytes = new CanonicalWriter().WriteUInt32(1).WriteUInt32(0xFFFF).WriteUInt32(SparseMerkle.Radix + 1).ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => ReadPath(bytes));
        Assert.Contains("at most 16 children", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_refuses_truncated_bytes_at_every_length()
    {
        var bytes = Bytes(Shape("levels and a leaf"));

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<LedgerFormatException>(() => ReadPath(prefix));
        }
    }

    [Fact]
    public void Read_refuses_a_terminal_flag_that_is_not_a_boolean()
    {
        var bytes = Bytes(Shape("levels without a leaf"));
        bytes[^1] = 2;

        Assert.Throws<LedgerFormatException>(() => ReadPath(bytes));
    }
}
