using Ledger.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus.Raft;

/// <summary>Sends admitted transactions to the leader's door (a follower does not order).</summary>
public interface ILeaderForwarder
{
    /// <summary>Submits the envelopes to the leader at <paramref name="grpcUrl"/> without waiting for commit.</summary>
    /// <returns>Per envelope, null when the leader admitted it, else why it refused it.</returns>
    Task<IReadOnlyList<Exception?>> ForwardAsync(string grpcUrl, IReadOnlyList<byte[]> envelopes, CancellationToken cancellationToken);
}

/// <summary>
/// Ordering under Raft. On the leader a batch becomes one log entry (a <see cref="BlockProposal"/>
/// with the leader's block time) and returns once the cluster committed it and this node applied it
/// (which completes the transactions). On a follower the batch is forwarded to the leader's door and
/// its transactions wait here for the block that holds them; one not committed within the commit
/// timeout is given up (the client resubmits). Without a leader, the batch fails as unavailable.
/// Never stops the node: a failed batch fails its transactions.
/// </summary>
public sealed class RaftOrderer(
    RaftNode raft,
    Mempool mempool,
    LedgerStore ledger,
    ILeaderForwarder forwarder,
    TimeProvider time,
    IOptions<OrderingOptions> options,
    ILogger<RaftOrderer> logger) : IBlockOrderer
{
    /// <summary>How long the leader waits for the cluster to commit a block it proposed.</summary>
    public static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(5);

    public async Task OrderAsync(IReadOnlyList<PendingTransaction> batch, CancellationToken cancellationToken)
    {
        var envelopes = batch.Select(p => p.Envelope).ToArray();
        if (raft.IsLeader)
        {
            var blockTime = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), ledger.Head!.BlockTimeUnixMs);
            // a block the cluster cannot commit in time (a majority is unreachable) must not hold up ordering
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReplicationTimeout);
            try
            {
                await raft.ReplicateAsync(new BlockProposal(blockTime, raft.Self.Id, envelopes).Encode(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var why = e is OperationCanceledException ? $"not committed within {ReplicationTimeout.TotalMilliseconds} ms" : e.Message;
                Fail(batch, new NodeUnavailableException($"the block could not be ordered ({why}); submit again", e));
            }

            return;
        }

        if (raft.Leader is not { } leader)
        {
            Fail(batch, new NodeUnavailableException("the cluster has no leader now (an election is running, or too few nodes are up); submit again"));
            return;
        }

        IReadOnlyList<Exception?> refusals;
        try
        {
            refusals = await forwarder.ForwardAsync(leader.Grpc, envelopes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(batch, new NodeUnavailableException($"the leader {leader.Id} at {leader.Grpc} cannot be reached ({e.Message}); submit again", e));
            return;
        }

        var forwarded = new List<PendingTransaction>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                mempool.Remove([batch[i]]);
                batch[i].Fail(refusal);
            }
            else
            {
                forwarded.Add(batch[i]);
            }
        }

        _ = GiveUpLaterAsync(forwarded);
    }

    private async Task GiveUpLaterAsync(IReadOnlyList<PendingTransaction> forwarded)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(options.Value.DefaultCommitTimeoutMs), time).ConfigureAwait(false);
        var late = forwarded.Where(p => !p.Committed.IsCompleted).ToArray();
        if (late.Length > 0)
        {
            Fail(late, new NodeUnavailableException($"not committed within {options.Value.DefaultCommitTimeoutMs} ms of forwarding to the leader; submit again"));
        }
    }

    private void Fail(IReadOnlyList<PendingTransaction> batch, Exception reason)
    {
        ConsensusLog.OrderingFailed(logger, batch.Count, reason.Message);
        mempool.Remove(batch);
        foreach (var tx in batch)
        {
            tx.Fail(reason);
        }
    }
}
