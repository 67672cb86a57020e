using System.Security.Cryptography;

namespace Ledger.Core.Tests.Merkle;

/// <summary>
/// A deliberately naive transcription of RFC 6962 section 2.1 (MTH and PATH over byte arrays and
/// lists), independent of the production code, to compare it with.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

    /// <summary>MTH(D[n]) where D are already leaf hashes.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (leafHashes.Count == 1)
        {
            return leafHashes[0];
        }

        var k = SplitPoint(leafHashes.Count);
        return SHA256.HashData([0x01, .. Mth(leafHashes.Take(k).ToList()), .. Mth(leafHashes.Skip(k).ToList())]);
    }

    /// <summary>PATH(m, D[n]).</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> leafHashes)
    {
        var n = leafHashes.Count;
        if (n == 1)
        {
            return [];
        }

        var k = SplitPoint(n);
        var left = leafHashes.Take(k).ToList();
        var right = leafHashes.Skip(k).ToList();
        if (m < k)
        {
            var path = Path(m, left);
            path.Add(Mth(right));
            return path;
        }
        else
        {
            var path = Path(m - k, right);
            path.Add(Mth(left));
            return path;
        }
    }

    /// <summary>The largest power of two strictly smaller than n (n &gt; 1).</summary>
    private static int SplitPoint(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
