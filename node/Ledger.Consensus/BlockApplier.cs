using System.Diagnostics;
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
    public void Apply(IReadOnlyList<PendingTransaction> batch)
    {
        var head = ledger.Head!;
        var started = Stopwatch.GetTimestamp();
        // block time never goes backwards, even if the machine clock does
        var blockTime = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), head.BlockTimeUnixMs);
        var envelopes = new byte[batch.Count][];
        var checks = new TxCheck?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            envelopes[i] = batch[i].Envelope;
            checks[i] = batch[i].Check;
        }

        var commit = executor.Execute(ledger, envelopes, blockTime, node.NodeId, prechecked: checks);
        ledger.Commit(commit);
        var block = commit.Block;
        feed.Published(block);
        mempool.Remove(batch);

        var valid = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var record = block.Transactions[i];
            if (record.Code == ValidationCode.Valid)
            {
                valid++;
            }

            batch[i].Complete(new TxOutcome(record.TxId, block.Height, i, record.Code, record.ReasonCode, record.Reason, record.Result));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Committed(block, batch, elapsed);
        ConsensusLog.BlockCommitted(logger, block.Height, block.Hash.ToHex(), batch.Count, valid, (long)elapsed.TotalMilliseconds);
    }
}
