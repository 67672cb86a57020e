using System.ComponentModel.DataAnnotations;

namespace Ledger.Consensus;

/// <summary>How the block cutter groups transactions into blocks (section <c>Ordering</c>).</summary>
public sealed class OrderingOptions
{
    public const string Section = "Ordering";

    /// <summary>Most transactions in one block.</summary>
    [Range(1, 50_000)]
    public int MaxTransactions { get; set; } = 2000;

    /// <summary>Most bytes of transactions in one block.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Longest a transaction waits for its block to fill before the block is cut anyway.</summary>
    [Range(1, 60_000)]
    public int MaxWaitMs { get; set; } = 20;

    /// <summary>Blocks the Raft leader replicates at once; the cutter waits for a free one before it hands on the next.</summary>
    [Range(1, 64)]
    public int MaxBlocksInFlight { get; set; } = 4;

    /// <summary>Transactions admitted but not yet in a block; beyond it, submissions are refused (ResourceExhausted).</summary>
    [Range(1, 10_000_000)]
    public int MempoolCapacity { get; set; } = 200_000;

    /// <summary>How long a submission that waits for commit waits by default.</summary>
    [Range(1, 600_000)]
    public int DefaultCommitTimeoutMs { get; set; } = 30_000;
}
