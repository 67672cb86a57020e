using System.Diagnostics;
using Ledger.Consensus.Raft;
using Ledger.Core.Blocks;
using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.State;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus;

/// <summary>
/// Turns an ordered batch into the next block: executes it, commits it in one write batch, then
/// tells the feed and every waiting submitter. Called by one thread at a time (the cutter).
/// </summary>
public sealed class BlockApplier(
    LedgerStore ledger,
    BlockExecutor executor,
    CommitFeed feed,
    Mempool mempool,
    TimeProvider time,
    NodeIdentityOptions node,
    NodeMetrics metrics,
    ILogger<BlockApplier> logger)
{
    /// <summary>The last Raft log index whose block is committed here (null before any).</summary>
    public ulong? AppliedIndex => ledger.LastAppliedIndex;

    /// <summary>Solo ordering: this node cuts, executes and commits the batch as the next block.</summary>
    public void Apply(IReadOnlyList<PendingTransaction> batch)
    {
        var head = ledger.Head!;

        // block time never goes backwards, even if the machine clock does
        var blockTime = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), head.BlockTimeUnixMs);
        var envelopes = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            envelopes[i] = batch[i].Envelope;
        }

        Commit(envelopes, batch, blockTime, node.NodeId, appliedIndex: null);
    }

    /// <summary>
    /// Consensus: applies the block a committed log entry proposes, unless this store has applied
    /// that entry already (a replay after a restart). Transactions this node admitted complete with
    /// their outcome. Deterministic on every node: the block time is the proposal's, or the head's
    /// if the proposal's is earlier.
    /// </summary>
    /// <returns>The committed block, or null for an entry applied before.</returns>
    public Block? Apply(BlockProposal proposal, ulong logIndex)
    {
        if (ledger.LastAppliedIndex is { } applied && logIndex <= applied)
        {
            return null;
        }

        var head = ledger.Head!;
        var blockTime = Math.Max(proposal.BlockTimeUnixMs, head.BlockTimeUnixMs);
        var local = new PendingTransaction?[proposal.Envelopes.Count];

        // a transaction admitted here entered the mempool before it was ordered, so before its block
        // was proposed: with none pending, no transaction of the block is this node's (a follower
        // under load from the leader's clients then skips a txId per transaction)
        for (var i = 0; i < local.Length && mempool.Count > 0; i++)
        {
            // the door's check is reused only for these exact bytes
            var envelope = proposal.Envelopes[i];
            if (mempool.Find(SignedTransaction.ComputeTxId(envelope)) is { } pending && pending.Envelope.AsSpan().SequenceEqual(envelope))
            {
                local[i] = pending;
            }
        }

        return Commit(proposal.Envelopes, local, blockTime, proposal.Proposer, logIndex);
    }

    private Block Commit(IReadOnlyList<byte[]> envelopes, IReadOnlyList<PendingTransaction?> local, long blockTime, string proposer, ulong? appliedIndex)
    {
        var started = Stopwatch.GetTimestamp();
        var checks = local.Select(p => p?.Check).ToArray();
        var commit = executor.Execute(ledger, envelopes, blockTime, proposer, appliedIndex, checks);
        ledger.Commit(commit);
        var block = commit.Block;
        feed.Published(block);
        var mine = local.OfType<PendingTransaction>().ToArray();
        mempool.Remove(mine);

        var valid = 0;
        for (var i = 0; i < local.Count; i++)
        {
            var record = block.Transactions[i];
            if (record.Code == ValidationCode.Valid)
            {
                valid++;
            }

            local[i]?.Complete(new TxOutcome(record.TxId, block.Height, i, record.Code, record.ReasonCode, record.Reason, record.Result));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Committed(block, mine, elapsed);
        ConsensusLog.BlockCommitted(logger, block.Height, block.Hash.ToHex(), local.Count, valid, (long)elapsed.TotalMilliseconds);
        return block;
    }
}
