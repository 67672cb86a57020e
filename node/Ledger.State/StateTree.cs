using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Storage;

namespace Ledger.State;

/// <summary>
/// The world state's authenticated map (<see cref="SparseMerkle"/>, 16-ary) on the store. Records
/// are kept in <see cref="Column.StateTree"/> under the version (block height) that wrote them and
/// their hash (<see cref="RecordKey"/>), and never deleted, so every committed root stays provable;
/// a branch record holds its leaf children inline (key hash and value hash) and its branch children
/// by hash and version, so a block writes one record per branch it touches and none per leaf. A root
/// that is a single leaf has its own record. Every version writes its root, a copy when nothing
/// changed, so the root of block h is at version h. Keyed by version, a block's records sort after
/// every earlier one: RocksDB moves each flushed file down whole instead of merging it into the
/// older ones, where hash keys (no order) made the column's compactions rewrite all of it again and
/// again as it grew. <see cref="Update"/> computes a block's new root and the records to write with
/// the block; <see cref="Prove"/> walks any committed root.
/// Thread-safe: one updater, any number of provers (records are immutable, so a shared cache is
/// always right).
/// </summary>
public sealed class StateTree(IKeyValueReader store, int cacheCapacity = 1 << 18)
{
    private const byte LeafRecord = 0x00;
    private const byte BranchRecord = 0x01;
    private const byte LeafChild = 0x00;
    private const byte BranchChild = 0x01;

    // a leaf child: tag, key hash, value hash; a branch child: tag, hash, version
    private const int LeafChildSize = 1 + 2 * Hash32.Size;
    private const int BranchChildSize = 1 + Hash32.Size + sizeof(ulong);

    // Two generations: branches read or written go into the recent one; when it holds half the
    // capacity, it becomes the older one and the older one is dropped; a branch found in the older one
    // moves back. So the branches every block walks (the top of the tree) stay, however large the tree,
    // where clearing the whole cache when full made every block after it read them all again.
    private volatile ConcurrentDictionary<Hash32, Branch> _recent = new();
    private volatile ConcurrentDictionary<Hash32, Branch> _older = new();
    private int _recentCount;

    /// <summary>An entry's change: a new value hash, or null to delete it.</summary>
    public readonly record struct Change(Hash32 KeyHash, Hash32? ValueHash);

    /// <summary>The bytes of a record's store key: its version, big-endian, then its hash.</summary>
    public const int RecordKeySize = sizeof(ulong) + Hash32.Size;

    /// <summary>A record to store with the block (under <see cref="RecordKey"/> of its version and hash), and its decoded form for the cache.</summary>
    public sealed record NewNode(Hash32 Hash, ulong Version, byte[] Encoded)
    {
        internal Branch? Decoded { get; init; }

        /// <summary>Writes the record's store key (<see cref="RecordKeySize"/> bytes).</summary>
        public void WriteKey(Span<byte> key) => RecordKey(Version, Hash, key);

        /// <summary>The record's store key.</summary>
        public byte[] Key()
        {
            var key = new byte[RecordKeySize];
            WriteKey(key);
            return key;
        }
    }

    /// <summary>Writes the store key of the record of <paramref name="hash"/> written by <paramref name="version"/>.</summary>
    public static void RecordKey(ulong version, Hash32 hash, Span<byte> key)
    {
        BinaryPrimitives.WriteUInt64BigEndian(key, version);
        hash.WriteTo(key[sizeof(ulong)..]);
    }

    /// <summary>
    /// The root of version <paramref name="version"/>: <paramref name="changes"/> (sorted by key hash,
    /// one per key) applied to the tree under <paramref name="root"/>, the root of version
    /// <paramref name="version"/> - 1. New records, the new root's among them (a copy of
    /// <paramref name="root"/>'s when nothing changes it), are appended to <paramref name="created"/>,
    /// and the branches they replace (still part of older roots) to <paramref name="superseded"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A record of that tree is missing or corrupt.</exception>
    public Hash32 Update(Hash32 root, ulong version, IReadOnlyList<Change> changes, List<NewNode> created, List<Hash32>? superseded = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(version);
        var rootVersion = version - 1;
        if (changes.Count == 0)
        {
            if (!root.IsZero)
            {
                // the root of every version is at that version, so a proof at any height finds it
                var record = Read(rootVersion, root);
                created.Add(new NewNode(root, version, record) { Decoded = record[0] == BranchRecord ? DecodeBranch(root, record) : null });
            }

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

        var at = RootRef(root, rootVersion, out var decoded);
        if (decoded is not null)
        {
            // a committed root: the update starts from it, so it belongs in the cache
            Remember(root, decoded);
        }

        var result = Update(at, 0, array, version, created, superseded);
        if (result.Kind == Kind.Leaf)
        {
            created.Add(new NewNode(result.Hash, version, EncodeLeafRecord(result)));
        }

        return result.Hash;
    }

    /// <summary>The proof path of <paramref name="keyHash"/> in the tree under <paramref name="root"/>, the root of <paramref name="version"/>.</summary>
    /// <exception cref="InvalidOperationException">A record of that tree is missing from the store.</exception>
    public StateProofPath Prove(Hash32 root, ulong version, Hash32 keyHash)
    {
        var levels = new List<StateProofLevel>();
        var at = RootRef(root, version, out var first);
        Span<Ref> slots = stackalloc Ref[SparseMerkle.Radix];
        for (var depth = 0; ; depth++)
        {
            switch (at.Kind)
            {
                case Kind.Empty:
                    return new StateProofPath(levels, null);
                case Kind.Leaf:
                    return new StateProofPath(levels, new SparseLeaf(at.LeafKey, at.LeafValue));
            }

            // a proof of an old root must not fill the cache with branches the current tree has replaced
            var branch = depth == 0 && first is not null ? first : Peek(at.Hash) ?? DecodeBranch(at.Hash, Read(at.Version, at.Hash));
            var digit = SparseMerkle.Digit(keyHash, depth);
            var siblings = new List<Hash32>(branch.Hashes.Length);
            slots.Clear();
            branch.Fill(slots);
            for (var d = 0; d < SparseMerkle.Radix; d++)
            {
                if (d != digit && slots[d].Kind != Kind.Empty)
                {
                    siblings.Add(slots[d].Hash);
                }
            }

            levels.Add(new StateProofLevel(branch.Bitmap, siblings));
            at = slots[digit];
        }
    }

    /// <summary>
    /// Caches the records of a block once it is committed (a block computed but not committed must
    /// leave no trace), and drops the branches they replaced: the cache follows the current tree.
    /// </summary>
    public void Committed(IEnumerable<NewNode> nodes, IEnumerable<Hash32>? superseded = null)
    {
        foreach (var hash in superseded ?? [])
        {
            if (_recent.TryRemove(hash, out _))
            {
                Interlocked.Decrement(ref _recentCount);
            }

            _older.TryRemove(hash, out _);
        }

        foreach (var node in nodes)
        {
            if (node.Decoded is { } branch)
            {
                Remember(node.Hash, branch);
            }
        }
    }

    /// <summary>What a root is; <paramref name="decoded"/> is the root branch when it had to be read (so it is not read twice).</summary>
    private Ref RootRef(Hash32 root, ulong version, out Branch? decoded)
    {
        decoded = null;
        if (root.IsZero)
        {
            return Ref.Empty;
        }

        if (Peek(root) is not null)
        {
            return Ref.ToBranch(root, version);
        }

        var bytes = Read(version, root);
        if (bytes[0] == LeafRecord && bytes.Length == 1 + 2 * Hash32.Size)
        {
            var leaf = Ref.Leaf(new Hash32(bytes.AsSpan(1, Hash32.Size)), new Hash32(bytes.AsSpan(1 + Hash32.Size)));
            return leaf.Hash == root ? leaf : throw Corrupt(root);
        }

        decoded = DecodeBranch(root, bytes);
        return Ref.ToBranch(root, version);
    }

    private Ref Update(Ref at, int depth, ReadOnlySpan<Change> changes, ulong version, List<NewNode> created, List<Hash32>? superseded)
    {
        if (changes.IsEmpty)
        {
            return at;
        }

        if (at.Kind != Kind.Branch)
        {
            return Build(depth, changes, at, version, created);
        }

        var branch = LoadBranch(at);
        superseded?.Add(at.Hash);
        Span<Ref> slots = stackalloc Ref[SparseMerkle.Radix];
        branch.Fill(slots);

        for (var start = 0; start < changes.Length;)
        {
            var digit = SparseMerkle.Digit(changes[start].KeyHash, depth);
            var end = start + 1;
            while (end < changes.Length && SparseMerkle.Digit(changes[end].KeyHash, depth) == digit)
            {
                end++;
            }

            slots[digit] = Update(slots[digit], depth + 1, changes[start..end], version, created, superseded);
            start = end;
        }

        return Assemble(slots, version, created);
    }

    /// <summary>The subtree holding <paramref name="existing"/> (an empty slot or a leaf, kept unless changed) and the puts of <paramref name="changes"/>.</summary>
    private Ref Build(int depth, ReadOnlySpan<Change> changes, Ref existing, ulong version, List<NewNode> created)
    {
        var keep = existing.Kind == Kind.Leaf && !Contains(changes, existing.LeafKey);
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

        var total = puts + (keep ? 1 : 0);
        if (total == 0)
        {
            return Ref.Empty;
        }

        if (total == 1)
        {
            return keep ? existing : Ref.Leaf(single.KeyHash, single.ValueHash!.Value);
        }

        if (depth >= SparseMerkle.MaxDepth)
        {
            throw new InvalidOperationException("two distinct keys share a 256-bit path");
        }

        Span<Ref> slots = stackalloc Ref[SparseMerkle.Radix];
        var existingDigit = keep ? SparseMerkle.Digit(existing.LeafKey, depth) : -1;
        if (keep)
        {
            slots[existingDigit] = existing;
        }

        for (var start = 0; start < changes.Length;)
        {
            var digit = SparseMerkle.Digit(changes[start].KeyHash, depth);
            var end = start + 1;
            while (end < changes.Length && SparseMerkle.Digit(changes[end].KeyHash, depth) == digit)
            {
                end++;
            }

            slots[digit] = Build(depth + 1, changes[start..end], digit == existingDigit ? existing : Ref.Empty, version, created);
            start = end;
        }

        return Assemble(slots, version, created);
    }

    /// <summary>The canonical subtree over 16 digit slots: nothing, the one leaf, or a new branch.</summary>
    private Ref Assemble(ReadOnlySpan<Ref> slots, ulong version, List<NewNode> created)
    {
        var count = 0;
        var only = Ref.Empty;
        foreach (var slot in slots)
        {
            if (slot.Kind != Kind.Empty)
            {
                count++;
                only = slot;
            }
        }

        if (count == 0)
        {
            return Ref.Empty;
        }

        // a branch over a single leaf collapses into the leaf (one over a single branch stays: it holds two entries or more)
        if (count == 1 && only.Kind == Kind.Leaf)
        {
            return only;
        }

        ushort bitmap = 0;
        var hashes = new Hash32[count];
        var size = 3;
        var n = 0;
        for (var d = 0; d < slots.Length; d++)
        {
            if (slots[d].Kind == Kind.Empty)
            {
                continue;
            }

            bitmap |= (ushort)(1 << d);
            hashes[n] = slots[d].Hash;
            size += slots[d].Kind == Kind.Leaf ? LeafChildSize : BranchChildSize;
            n++;
        }

        var hash = SparseMerkle.BranchHash(bitmap, hashes);
        var encoded = new byte[size];
        encoded[0] = BranchRecord;
        encoded[1] = (byte)(bitmap >> 8);
        encoded[2] = (byte)bitmap;
        var offset = 3;
        foreach (var child in slots)
        {
            if (child.Kind == Kind.Empty)
            {
                continue;
            }

            if (child.Kind == Kind.Leaf)
            {
                encoded[offset] = LeafChild;
                child.LeafKey.WriteTo(encoded.AsSpan(offset + 1));
                child.LeafValue.WriteTo(encoded.AsSpan(offset + 1 + Hash32.Size));
                offset += LeafChildSize;
            }
            else
            {
                encoded[offset] = BranchChild;
                child.Hash.WriteTo(encoded.AsSpan(offset + 1));
                BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(offset + 1 + Hash32.Size), child.Version);
                offset += BranchChildSize;
            }
        }

        // not cached here: a record enters the cache only once its block is committed (see Committed)
        created.Add(new NewNode(hash, version, encoded) { Decoded = new Branch(bitmap, hashes, encoded) });
        return Ref.ToBranch(hash, version);
    }

    private Branch LoadBranch(Ref at)
    {
        var hash = at.Hash;
        if (_recent.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        if (_older.TryGetValue(hash, out cached))
        {
            Remember(hash, cached);
            return cached;
        }

        var branch = DecodeBranch(hash, Read(at.Version, hash));
        Remember(hash, branch);
        return branch;
    }

    private byte[] Read(ulong version, Hash32 hash)
    {
        Span<byte> key = stackalloc byte[RecordKeySize];
        RecordKey(version, hash, key);
        var bytes = store.Get(Column.StateTree, key) ?? throw new InvalidOperationException($"state tree node {hash} of version {version} is missing");
        return bytes.Length > 0 ? bytes : throw Corrupt(hash);
    }

    private static Branch DecodeBranch(Hash32 hash, byte[] bytes)
    {
        if (bytes.Length < 3 || bytes[0] != BranchRecord)
        {
            throw Corrupt(hash);
        }

        var bitmap = (ushort)(bytes[1] << 8 | bytes[2]);
        var count = BitOperations.PopCount(bitmap);
        var hashes = new Hash32[count];
        var offset = 3;
        var n = 0;
        for (var d = 0; d < SparseMerkle.Radix; d++)
        {
            if ((bitmap >> d & 1) == 0)
            {
                continue;
            }

            if (offset >= bytes.Length)
            {
                throw Corrupt(hash);
            }

            var tag = bytes[offset];
            var length = tag == LeafChild ? LeafChildSize : BranchChildSize;
            if (tag > BranchChild || offset + length > bytes.Length)
            {
                throw Corrupt(hash);
            }

            hashes[n] = tag == LeafChild
                ? SparseMerkle.LeafHash(new Hash32(bytes.AsSpan(offset + 1, Hash32.Size)), new Hash32(bytes.AsSpan(offset + 1 + Hash32.Size, Hash32.Size)))
                : new Hash32(bytes.AsSpan(offset + 1, Hash32.Size));
            offset += length;
            n++;
        }

        if (offset != bytes.Length || SparseMerkle.BranchHash(bitmap, hashes) != hash)
        {
            throw Corrupt(hash);
        }

        return new Branch(bitmap, hashes, bytes);
    }

    private static byte[] EncodeLeafRecord(Ref leaf)
    {
        var encoded = new byte[1 + 2 * Hash32.Size];
        encoded[0] = LeafRecord;
        leaf.LeafKey.WriteTo(encoded.AsSpan(1));
        leaf.LeafValue.WriteTo(encoded.AsSpan(1 + Hash32.Size));
        return encoded;
    }

    private static InvalidOperationException Corrupt(Hash32 hash) => new($"state tree node {hash} is corrupt");

    /// <summary>A cached branch, without moving it to the recent generation (a proof of an old root must not keep replaced branches).</summary>
    private Branch? Peek(Hash32 hash) =>
        _recent.TryGetValue(hash, out var branch) || _older.TryGetValue(hash, out branch) ? branch : null;

    /// <summary>Caches a branch in the recent generation, turning the generations over when it is full (the updater's thread only).</summary>
    private void Remember(Hash32 hash, Branch branch)
    {
        if (Volatile.Read(ref _recentCount) >= Math.Max(1, cacheCapacity / 2))
        {
            _older = _recent;
            _recent = new ConcurrentDictionary<Hash32, Branch>();
            Volatile.Write(ref _recentCount, 0);
        }

        if (_recent.TryAdd(hash, branch))
        {
            Interlocked.Increment(ref _recentCount);
        }
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

    internal enum Kind : byte
    {
        Empty,
        Leaf,
        Branch,
    }

    /// <summary>A subtree: nothing, a leaf (its key and value hashes inline) or a branch by hash and the version that wrote it.</summary>
    internal readonly record struct Ref(Kind Kind, Hash32 Hash, Hash32 LeafKey, Hash32 LeafValue, ulong Version)
    {
        public static Ref Empty => default;

        public static Ref Leaf(Hash32 key, Hash32 value) => new(Kind.Leaf, SparseMerkle.LeafHash(key, value), key, value, 0);

        public static Ref ToBranch(Hash32 hash, ulong version) => new(Kind.Branch, hash, default, default, version);
    }

    /// <summary>
    /// A decoded branch: its bitmap, its children's hashes in digit order, and its record (which holds
    /// each leaf child's key and value hashes). The record exists anyway (built for the block's batch,
    /// or read from the store), so decoding adds 32 bytes per child to it, where one <see cref="Ref"/>
    /// per child added 104: most of the bytes a block's tree update allocated.
    /// </summary>
    internal sealed class Branch(ushort bitmap, Hash32[] hashes, byte[] record)
    {
        public ushort Bitmap { get; } = bitmap;

        /// <summary>The children's hashes, one per set bit of <see cref="Bitmap"/>, in digit order.</summary>
        public Hash32[] Hashes { get; } = hashes;

        /// <summary>Puts each child in the slot of its digit (the others are left as they are).</summary>
        public void Fill(Span<Ref> slots)
        {
            // the record was checked when it was decoded (or built here): tags and lengths hold
            var offset = 3;
            var n = 0;
            for (var d = 0; d < SparseMerkle.Radix; d++)
            {
                if ((Bitmap >> d & 1) == 0)
                {
                    continue;
                }

                if (record[offset] == LeafChild)
                {
                    slots[d] = new Ref(Kind.Leaf, Hashes[n], new Hash32(record.AsSpan(offset + 1, Hash32.Size)), new Hash32(record.AsSpan(offset + 1 + Hash32.Size, Hash32.Size)), 0);
                    offset += LeafChildSize;
                }
                else
                {
                    slots[d] = Ref.ToBranch(Hashes[n], BinaryPrimitives.ReadUInt64BigEndian(record.AsSpan(offset + 1 + Hash32.Size)));
                    offset += BranchChildSize;
                }

                n++;
            }
        }
    }
}
