using System.Text.Json;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Merkle;

/// <summary>The published RFC 6962 vectors of ../shared/standards/rfc6962/merkle-vectors.json.</summary>
internal sealed class MerkleVectors
{
    private MerkleVectors(Hash32 emptyTreeRoot, byte[][] leaves, IReadOnlyDictionary<int, Hash32> roots)
    {
        EmptyTreeRoot = emptyTreeRoot;
        Leaves = leaves;
        RootsOfFirstNLeaves = roots;
    }

    public Hash32 EmptyTreeRoot { get; }

    public byte[][] Leaves { get; }

    public IReadOnlyDictionary<int, Hash32> RootsOfFirstNLeaves { get; }

    public static MerkleVectors Load()
    {
        using var document = JsonDocument.Parse(SharedFiles.ReadAllText(SharedFiles.MerkleVectors));
        var root = document.RootElement;
        var leaves = root.GetProperty("leavesHex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!)).ToArray();
        var roots = root.GetProperty("rootsOfFirstNLeaves").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => Hash32.Parse(p.Value.GetString()!));
        return new MerkleVectors(Hash32.Parse(root.GetProperty("emptyTreeRoot").GetString()!), leaves, roots);
    }
}
