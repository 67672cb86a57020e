using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Storage;

namespace Ledger.TestKit;

/// <summary>
/// The state root by definition (<see cref="SparseMerkle"/>), computed from scratch from a set of
/// entries: no store, no cache, no history. Tests compare the incremental tree against it.
/// </summary>
public static class ReferenceStateRoot
{
    /// <summary>The root over (key hash → value hash) entries.</summary>
    public static Hash32 Of(IReadOnlyDictionary<Hash32, Hash32> entries) => Of(entries.ToArray(), 0);

    /// <summary>The root over every entry of a store's world state.</summary>
    public static Hash32 OfStore(IKeyValueReader store) =>
        Of(store.Iterate(Column.State, [], null).ToDictionary(e => SparseMerkle.KeyHash(e.Key), e => Hash32.Compute(e.Value)));

    private static Hash32 Of(KeyValuePair<Hash32, Hash32>[] items, int depth)
    {
        if (items.Length == 0)
        {
            return SparseMerkle.EmptyRoot;
        }

        if (items.Length == 1)
        {
            return SparseMerkle.LeafHash(items[0].Key, items[0].Value);
        }

        ushort bitmap = 0;
        var children = new List<Hash32>();
        foreach (var group in items.GroupBy(i => SparseMerkle.Digit(i.Key, depth)).OrderBy(g => g.Key))
        {
            bitmap |= (ushort)(1 << group.Key);
            children.Add(Of(group.ToArray(), depth + 1));
        }

        return SparseMerkle.BranchHash(bitmap, children.ToArray());
    }
}
