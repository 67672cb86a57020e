using System.Text;
using Ledger.Core.Merkle;
using Ledger.Core.Serialization;

namespace Ledger.Core.Tests.Merkle;

/// <summary>
/// <see cref="SparseMerkle.Read"/> inside a larger structure: like every other reader of a
/// <see cref="CanonicalReader"/> (e.g. <c>BlockHeader.ReadFrom(ref reader)</c>), it must consume what
/// it read from the caller's reader, so the fields after a path, and the final EnsureEnd, line up.
/// </summary>
public sealed class SparseMerkleReadPositionTests
{
    private static Hash32 H(string s) => Hash32.Compute(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Read_advances_the_callers_reader_past_the_path()
    {
        var path = new StateProofPath([new StateProofLevel(0x8001, [H("a")])], new SparseLeaf(H("k"), H("v")));
        var writer = new CanonicalWriter();
        SparseMerkle.Write(writer, path);
        writer.WriteUInt32(0xC0FFEE);
        var reader = new CanonicalReader(writer.ToArray());

        var read = SparseMerkle.Read(ref reader);

        Assert.Equal(path.Terminal, read.Terminal);
        Assert.Equal(0xC0FFEEu, reader.ReadUInt32("field after the path"));
        reader.EnsureEnd("path and trailer");
    }
}
