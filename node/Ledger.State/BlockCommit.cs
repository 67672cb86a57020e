using Ledger.Core.Blocks;

namespace Ledger.State;

/// <summary>
/// Everything one block changes, committed by <see cref="LedgerStore.Commit"/> in one write batch:
/// the block, its tx index entries, the final state writes (sorted by key), the history entries, the
/// new nodes of the state tree, the contracts' query index changes (sorted by key; outside the tree
/// and the history) and, under consensus, the log index the block came from. The
/// branches the new nodes replace stay in the store (old roots remain provable); the tree's cache
/// drops them once the block is committed.
/// </summary>
public sealed record BlockCommit(
    Block Block,
    IReadOnlyList<StateWrite> Writes,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<StateTree.NewNode> TreeNodes,
    ulong? AppliedIndex = null,
    IReadOnlyList<Core.Hash32>? SupersededTreeNodes = null,
    IReadOnlyList<StateWrite>? IndexWrites = null);
