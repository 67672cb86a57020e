using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Storage.Tests.State;

public sealed class StateTreeTests
{
    private readonly InMemoryKeyValueStore _store = new();
    private readonly StateTree _tree;

    // each update is the next version; the version that wrote each root, for its proofs
    private readonly Dictionary<Hash32, ulong> _versions = [];
    private ulong _version;

    public StateTreeTests() => _tree = new StateTree(_store, cacheCapacity: 64);

    private static Hash32 Key(int i) => SparseMerkle.KeyHash(BitConverter.GetBytes(i));

    private static Hash32 Value(string v) => Hash32.Compute(System.Text.Encoding.UTF8.GetBytes(v));

    /// <summary>Applies changes as the next version and writes the new nodes to the store, like a block commit.</summary>
    private Hash32 Apply(Hash32 root, IEnumerable<StateTree.Change> changes) => Apply(root, changes, out _);

    private Hash32 Apply(Hash32 root, IEnumerable<StateTree.Change> changes, out List<StateTree.NewNode> created)
    {
        created = [];
        var next = _tree.Update(root, ++_version, changes.OrderBy(c => c.KeyHash).ToArray(), created);
        using var batch = _store.CreateWriteBatch();
        foreach (var node in created)
        {
            batch.Put(Column.StateTree, node.Key(), node.Encoded);
        }

        _store.Write(batch);
        _versions[next] = _version;
        return next;
    }

    private StateProofPath Prove(Hash32 root, Hash32 key) => _tree.Prove(root, root.IsZero ? 0 : _versions[root], key);

    private static Hash32 Reference(IReadOnlyDictionary<Hash32, Hash32> entries) => ReferenceStateRoot.Of(entries);

    [Fact]
    public void The_empty_tree_has_the_zero_root_and_proves_absence()
    {
        var proof = Prove(Hash32.Zero, Key(1));

        Assert.Empty(proof.Levels);
        Assert.Null(proof.Terminal);
        Assert.Null(SparseMerkle.Verify(Hash32.Zero, Key(1), null, proof));
    }

    [Fact]
    public void Incremental_updates_give_the_root_of_the_set_however_they_are_batched()
    {
        var random = new Random(7);
        var entries = new Dictionary<Hash32, Hash32>();
        var values = new Dictionary<Hash32, string>();
        var root = Hash32.Zero;
        for (var round = 0; round < 30; round++)
        {
            var changes = new Dictionary<Hash32, StateTree.Change>();
            for (var j = 0; j < random.Next(1, 25); j++)
            {
                var key = Key(random.Next(0, 80));
                if (random.Next(4) == 0)
                {
                    changes[key] = new StateTree.Change(key, null);
                    entries.Remove(key);
                }
                else
                {
                    var value = Value($"{round}-{j}");
                    changes[key] = new StateTree.Change(key, value);
                    entries[key] = value;
                    values[key] = $"{round}-{j}";
                }
            }

            root = Apply(root, changes.Values);
            Assert.Equal(Reference(entries), root);
        }

        for (var i = 0; i < 80; i++)
        {
            var key = Key(i);
            var proof = Prove(root, key);
            if (entries.ContainsKey(key))
            {
                Assert.Null(SparseMerkle.Verify(root, key, System.Text.Encoding.UTF8.GetBytes(values[key]), proof));
                Assert.Equal("absence-proof-ends-at-the-key's-own-leaf", SparseMerkle.Verify(root, key, null, proof));
            }
            else
            {
                Assert.Null(SparseMerkle.Verify(root, key, null, proof));
                Assert.NotNull(SparseMerkle.Verify(root, key, "forged"u8.ToArray(), proof));
            }
        }
    }

    [Fact]
    public void Deleting_every_entry_returns_to_the_empty_root()
    {
        var root = Apply(Hash32.Zero, Enumerable.Range(0, 20).Select(i => new StateTree.Change(Key(i), Value("v"))));

        root = Apply(root, Enumerable.Range(0, 20).Select(i => new StateTree.Change(Key(i), null)));

        Assert.Equal(Hash32.Zero, root);
    }

    [Fact]
    public void Old_roots_stay_provable_after_later_updates()
    {
        var first = Apply(Hash32.Zero, [new StateTree.Change(Key(1), Value("a")), new StateTree.Change(Key(2), Value("b"))]);
        var second = Apply(first, [new StateTree.Change(Key(1), Value("a2")), new StateTree.Change(Key(3), Value("c"))]);

        Assert.Equal(Value("a"), Prove(first, Key(1)).Terminal!.Value.ValueHash);
        Assert.Equal(Value("a2"), Prove(second, Key(1)).Terminal!.Value.ValueHash);
        Assert.Null(SparseMerkle.Verify(first, Key(3), null, Prove(first, Key(3))));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Unsorted_or_repeated_changes_are_refused()
    {
        var a = new StateTree.Change(Key(1), Value("a"));

        Assert.Throws<ArgumentException>(() => _tree.Update(Hash32.Zero, 1, [a, a], []));
    }

    [Fact]
    public void A_missing_node_is_reported_not_guessed()
    {
        Assert.Throws<InvalidOperationException>(() => _tree.Prove(Hash32.Compute("no such root"u8), 1, Key(1)));

        // a record is found under the version that wrote it, not another
        var root = Apply(Hash32.Zero, [new StateTree.Change(Key(1), Value("a")), new StateTree.Change(Key(2), Value("b"))]);
        Assert.Throws<InvalidOperationException>(() => new StateTree(_store).Prove(root, _versions[root] + 1, Key(1)));
        Assert.Equal(Value("a"), new StateTree(_store).Prove(root, _versions[root], Key(1)).Terminal!.Value.ValueHash);
    }

    [Fact]
    public void Every_version_writes_its_root_under_its_own_version_even_when_nothing_changes()
    {
        var first = Apply(Hash32.Zero, Enumerable.Range(0, 40).Select(i => new StateTree.Change(Key(i), Value("v"))), out var wrote);
        Assert.All(wrote, n => Assert.Equal(1UL, n.Version));

        var same = Apply(first, [], out var copy);

        Assert.Equal(first, same);
        var root = Assert.Single(copy);
        Assert.Equal((first, 2UL), (root.Hash, root.Version));

        // a tree on the store alone (no cache) proves the unchanged root at the version that did not change it
        var proof = new StateTree(_store).Prove(same, 2, Key(7));
        Assert.Null(SparseMerkle.Verify(same, Key(7), "v"u8.ToArray(), proof));
    }

    [Fact]
    public void Records_sort_by_the_version_that_wrote_them()
    {
        var root = Hash32.Zero;
        for (var round = 0; round < 12; round++)
        {
            root = Apply(root, Enumerable.Range(round * 10, 30).Select(i => new StateTree.Change(Key(i), Value($"{round}"))));
        }

        // in key order (as RocksDB keeps them), versions never go back: a flush of later versions
        // sorts after every record before it
        var versions = _store.Iterate(Column.StateTree, [], null)
            .Select(kv => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(kv.Key))
            .ToArray();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(Enumerable.Range(1, 12).Select(v => (ulong)v), versions.Distinct());
        Assert.All(_store.Iterate(Column.StateTree, [], null), kv => Assert.Equal(StateTree.RecordKeySize, kv.Key.Length));
    }

    /// <summary>
    /// Any sequence of puts and deletes, applied in any batching, gives the root of the final set of
    /// entries: the shape depends only on the entries, never on the order or grouping of writes.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 60)]
    public bool Any_batching_of_any_writes_gives_the_root_of_the_final_set(byte[] operations, byte split)
    {
        operations ??= [];
        var writes = operations.Select((op, i) => new StateTree.Change(Key(op % 97), op % 5 == 0 ? null : Value($"{op}-{i}"))).ToArray();
        var expected = new Dictionary<Hash32, Hash32>();
        foreach (var w in writes)
        {
            if (w.ValueHash is { } v)
            {
                expected[w.KeyHash] = v;
            }
            else
            {
                expected.Remove(w.KeyHash);
            }
        }

        return ApplyInBatches(writes, 1 + split % 7) == ReferenceStateRoot.Of(expected)
            && ApplyInBatches(writes, 1 + split % 3 + 20) == ReferenceStateRoot.Of(expected);
    }

    /// <summary>Applies writes in consecutive batches of <paramref name="size"/> (the last write to a key in a batch wins).</summary>
    private Hash32 ApplyInBatches(StateTree.Change[] writes, int size)
    {
        var root = Hash32.Zero;
        foreach (var chunk in writes.Chunk(size))
        {
            var last = new Dictionary<Hash32, StateTree.Change>();
            foreach (var w in chunk)
            {
                last[w.KeyHash] = w;
            }

            root = Apply(root, last.Values);
        }

        return root;
    }

    [Fact]
    public void A_block_never_reads_back_the_branches_the_block_before_wrote_however_full_the_cache()
    {
        var reads = new CountingReader(_store);
        var tree = new StateTree(reads, cacheCapacity: 64);

        // 2,000 keys make hundreds of branches: the cache holds a fraction of them, and turns over
        var values = Enumerable.Range(0, 2000).ToDictionary(i => i, i => $"v{i}");
        var root = Commit(tree, Hash32.Zero, values.Select(kv => new StateTree.Change(Key(kv.Key), Value(kv.Value))), out var written);
        var random = new Random(3);
        var readBack = 0;
        var misses = 0;
        for (var round = 0; round < 300; round++)
        {
            // key 0 changes every round, so each round walks the path the round before wrote
            var changed = new[] { 0, random.Next(1, 2000) };
            foreach (var i in changed)
            {
                values[i] = $"r{round}";
            }

            reads.Clear();
            root = Commit(tree, root, changed.Select(i => new StateTree.Change(Key(i), Value(values[i]))), out var next);
            // (the first round follows the bulk load, which wrote more than the cache holds)
            readBack += round == 0 ? 0 : written.Sum(reads.Count);
            misses += reads.Total;
            written = next;
        }

        Assert.Equal(0, readBack);
        Assert.True(misses > 0, "the cache held the whole tree: the test did not make it turn over");
        Assert.Equal(Reference(values.ToDictionary(kv => Key(kv.Key), kv => Value(kv.Value))), root);
        for (var i = 0; i < 2000; i += 97)
        {
            var proof = tree.Prove(root, _version, Key(i));
            Assert.Null(SparseMerkle.Verify(root, Key(i), System.Text.Encoding.UTF8.GetBytes(values[i]), proof));
        }
    }

    /// <summary>Updates, writes the new records and tells the tree, as a block commit does.</summary>
    private Hash32 Commit(StateTree tree, Hash32 root, IEnumerable<StateTree.Change> changes, out Hash32[] written)
    {
        var created = new List<StateTree.NewNode>();
        var superseded = new List<Hash32>();
        var next = tree.Update(root, ++_version, changes.OrderBy(c => c.KeyHash).ToArray(), created, superseded);
        using var batch = _store.CreateWriteBatch();
        foreach (var node in created)
        {
            batch.Put(Column.StateTree, node.Key(), node.Encoded);
        }

        _store.Write(batch);
        tree.Committed(created, superseded);
        written = created.Select(n => n.Hash).ToArray();
        return next;
    }

    /// <summary>Counts the state tree records read through it, by record hash.</summary>
    private sealed class CountingReader(IKeyValueReader inner) : IKeyValueReader
    {
        private readonly Dictionary<Hash32, int> _reads = [];

        public int Total => _reads.Values.Sum();

        public int Count(Hash32 record) => _reads.GetValueOrDefault(record);

        public void Clear() => _reads.Clear();

        public byte[]? Get(Column column, ReadOnlySpan<byte> key)
        {
            if (column == Column.StateTree && key.Length == StateTree.RecordKeySize)
            {
                var hash = new Hash32(key[sizeof(ulong)..]);
                _reads[hash] = _reads.GetValueOrDefault(hash) + 1;
            }

            return inner.Get(column, key);
        }

        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[] fromInclusive, byte[]? toExclusive) =>
            inner.Iterate(column, fromInclusive, toExclusive);
    }
}
