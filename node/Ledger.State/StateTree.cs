using System.Collections.Concurrent;
using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Storage;

namespace Ledger.State;

/// <summary>
/// The world state's authenticated map (<see cref="SparseMerkle"/>) on the store: nodes are kept
/// content-addressed in <see cref="Column.StateTree"/> and never deleted, so every committed root
/// stays provable. <see cref="Update"/> computes a block's new root and the nodes to write with the
/// block; <see cref="Prove"/> walks any root. Thread-safe: one updater, any number of provers
/// (nodes are immutable, so a shared cache is always right).
/// </summary>
public sealed class StateTree(IKeyValueReader store, int cacheCapacity = 1 << 20)
{
    private readonly ConcurrentDictionary<Hash32, Node> _cache = new();
    private int _cached;

    /// <summary>An entry's change: a new value hash, or null to delete it.</summary>
    public readonly record struct Change(Hash32 KeyHash, Hash32? ValueHash);

    /// <summary>A node to store with the block.</summary>
    public readonly record struct NewNode(Hash32 Hash, byte[] Encoded);

    /// <summary>
    /// The root after applying <paramref name="changes"/> (sorted by key hash, one per key) to the
    /// tree under <paramref name="root"/>. New nodes are appended to <paramref name="created"/>.
    /// </summary>
    public Hash32 Update(Hash32 root, IReadOnlyList<Change> changes, List<NewNode> created)
    {
        if (changes.Count == 0)
        {
            return root;
        }

        var array = changes as Change[] ?? changes.ToArray();
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i - 1].KeyHash.CompareTo(array[i].KeyHash) >= 0)
            {
                throw new ArgumentException("changes must be sorted by key hash, one per key", nameof(changes));
            }
        }

        return Update(new Ref(root, root.IsZero ? Kind.Empty : Kind.Unknown), 0, array, created).Hash;
    }

    /// <summary>The proof path of <paramref name="keyHash"/> in the tree under <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">A node of that tree is missing from the store.</exception>
    public StateProofPath Prove(Hash32 root, Hash32 keyHash)
    {
        var siblings = new List<Hash32>();
        var hash = root;
        for (var depth = 0; ; depth++)
        {
            switch (Load(hash))
            {
                case Node.Empty:
                    return new StateProofPath(siblings, null);
                case Node.Leaf leaf:
                    return new StateProofPath(siblings, new SparseLeaf(leaf.KeyHash, leaf.ValueHash));
                case Node.Inner inner:
                    var right = SparseMerkle.Bit(keyHash, depth) == 1;
                    siblings.Add(right ? inner.Left : inner.Right);
                    hash = right ? inner.Right : inner.Left;
                    break;
            }
        }
    }

    /// <summary>Caches the nodes of a block once it is committed (a block computed but not committed must leave no trace).</summary>
    public void Committed(IEnumerable<NewNode> nodes)
    {
        foreach (var node in nodes)
        {
            Remember(node.Hash, Decode(node.Hash, node.Encoded));
        }
    }

    private Ref Update(Ref at, int depth, ReadOnlySpan<Change> changes, List<NewNode> created)
    {
        if (changes.IsEmpty)
        {
            return at;
        }

        switch (Load(at.Hash))
        {
            case Node.Empty:
                return Build(depth, changes, null, created);
            case Node.Leaf leaf:
                return Build(depth, changes, leaf, created);
            case Node.Inner inner:
                var split = Split(changes, depth);
                var left = Update(new Ref(inner.Left, inner.Left.IsZero ? Kind.Empty : Kind.Unknown), depth + 1, changes[..split], created);
                var right = Update(new Ref(inner.Right, inner.Right.IsZero ? Kind.Empty : Kind.Unknown), depth + 1, changes[split..], created);
                return Join(left, right, created);
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    /// <summary>The subtree holding <paramref name="existing"/> (unless changed) and the puts of <paramref name="changes"/>.</summary>
    private Ref Build(int depth, ReadOnlySpan<Change> changes, Node.Leaf? existing, List<NewNode> created)
    {
        var keepExisting = existing is not null && !Contains(changes, existing.KeyHash);
        var puts = 0;
        Change single = default;
        foreach (var change in changes)
        {
            if (change.ValueHash is not null)
            {
                puts++;
                single = change;
            }
        }

        var total = puts + (keepExisting ? 1 : 0);
        if (total == 0)
        {
            return new Ref(Hash32.Zero, Kind.Empty);
        }

        if (total == 1)
        {
            return keepExisting ? new Ref(existing!.Hash, Kind.Leaf) : StoreLeaf(single.KeyHash, single.ValueHash!.Value, created);
        }

        if (depth >= SparseMerkle.PathBits)
        {
            throw new InvalidOperationException("two distinct keys share a 256-bit path");
        }

        var split = Split(changes, depth);
        Node.Leaf? leftExisting = null, rightExisting = null;
        if (keepExisting)
        {
            if (SparseMerkle.Bit(existing!.KeyHash, depth) == 0)
            {
                leftExisting = existing;
            }
            else
            {
                rightExisting = existing;
            }
        }

        var left = Build(depth + 1, changes[..split], leftExisting, created);
        var right = Build(depth + 1, changes[split..], rightExisting, created);
        return Join(left, right, created);
    }

    private Ref Join(Ref left, Ref right, List<NewNode> created)
    {
        if (left.Kind == Kind.Empty && right.Kind == Kind.Empty)
        {
            return new Ref(Hash32.Zero, Kind.Empty);
        }

        // an inner node over a leaf and an empty subtree collapses into the leaf
        if (left.Kind == Kind.Empty && KindOf(right) == Kind.Leaf)
        {
            return right with { Kind = Kind.Leaf };
        }

        if (right.Kind == Kind.Empty && KindOf(left) == Kind.Leaf)
        {
            return left with { Kind = Kind.Leaf };
        }

        var node = new Node.Inner(left.Hash, right.Hash);
        var hash = SparseMerkle.InnerHash(left.Hash, right.Hash);
        var encoded = new byte[1 + 2 * Hash32.Size];
        encoded[0] = 1;
        left.Hash.WriteTo(encoded.AsSpan(1));
        right.Hash.WriteTo(encoded.AsSpan(1 + Hash32.Size));
        // not cached here: a node enters the cache only once its block is committed (see Committed)
        created.Add(new NewNode(hash, encoded));
        return new Ref(hash, Kind.Inner);
    }

    private Ref StoreLeaf(Hash32 keyHash, Hash32 valueHash, List<NewNode> created)
    {
        var leaf = new Node.Leaf(keyHash, valueHash);
        var encoded = new byte[1 + 2 * Hash32.Size];
        keyHash.WriteTo(encoded.AsSpan(1));
        valueHash.WriteTo(encoded.AsSpan(1 + Hash32.Size));
        created.Add(new NewNode(leaf.Hash, encoded));
        return new Ref(leaf.Hash, Kind.Leaf);
    }

    private Kind KindOf(Ref r) => r.Kind != Kind.Unknown ? r.Kind : Load(r.Hash) switch
    {
        Node.Empty => Kind.Empty,
        Node.Leaf => Kind.Leaf,
        _ => Kind.Inner,
    };

    private Node Load(Hash32 hash)
    {
        if (hash.IsZero)
        {
            return Node.EmptyNode;
        }

        if (_cache.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        Span<byte> key = stackalloc byte[Hash32.Size];
        hash.WriteTo(key);
        var bytes = store.Get(Column.StateTree, key) ?? throw new InvalidOperationException($"state tree node {hash} is missing");
        var node = Decode(hash, bytes);
        Remember(hash, node);
        return node;
    }

    private static Node Decode(Hash32 hash, byte[] bytes) =>
        bytes.Length == 1 + 2 * Hash32.Size && bytes[0] <= 1
            ? bytes[0] == 1
                ? new Node.Inner(new Hash32(bytes.AsSpan(1, Hash32.Size)), new Hash32(bytes.AsSpan(1 + Hash32.Size)))
                : new Node.Leaf(new Hash32(bytes.AsSpan(1, Hash32.Size)), new Hash32(bytes.AsSpan(1 + Hash32.Size)))
            : throw new InvalidOperationException($"state tree node {hash} is corrupt");

    private void Remember(Hash32 hash, Node node)
    {
        if (Volatile.Read(ref _cached) >= cacheCapacity)
        {
            _cache.Clear();
            Volatile.Write(ref _cached, 0);
        }

        if (_cache.TryAdd(hash, node))
        {
            Interlocked.Increment(ref _cached);
        }
    }

    /// <summary>Index of the first change whose path has bit <paramref name="depth"/> set (changes share the bits above).</summary>
    private static int Split(ReadOnlySpan<Change> changes, int depth)
    {
        int lo = 0, hi = changes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (SparseMerkle.Bit(changes[mid].KeyHash, depth) == 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static bool Contains(ReadOnlySpan<Change> changes, Hash32 keyHash)
    {
        int lo = 0, hi = changes.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = changes[mid].KeyHash.CompareTo(keyHash);
            if (c == 0)
            {
                return true;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return false;
    }

    private enum Kind
    {
        Unknown,
        Empty,
        Leaf,
        Inner,
    }

    private readonly record struct Ref(Hash32 Hash, Kind Kind);

    private abstract record Node
    {
        public static readonly Node EmptyNode = new Empty();

        public sealed record Empty : Node;

        public sealed record Leaf(Hash32 KeyHash, Hash32 ValueHash) : Node
        {
            public Hash32 Hash { get; } = SparseMerkle.LeafHash(KeyHash, ValueHash);
        }

        public sealed record Inner(Hash32 Left, Hash32 Right) : Node;
    }
}
