using Ledger.Core.Blocks;

namespace Ledger.State;

/// <summary>
/// Everything one block changes, committed by <see cref="LedgerStore.Commit"/> in one write batch:
/// the block, its tx index entries, the final state writes (sorted by key), the history entries and,
/// under consensus, the log index the block came from.
/// </summary>
public sealed record BlockCommit(Block Block, IReadOnlyList<StateWrite> Writes, IReadOnlyList<HistoryEntry> History, ulong? AppliedIndex = null);
