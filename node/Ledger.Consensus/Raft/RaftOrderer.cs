using Ledger.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus.Raft;

/// <summary>Sends admitted transactions to the leader's door (a follower does not order).</summary>
public interface ILeaderForwarder
{
    /// <summary>Submits the envelopes to the leader at <paramref name="grpcUrl"/> without waiting for commit.</summary>
    /// <returns>Per envelope, null when the leader holds it now (admitted, pending or committed already), else why it refused it.</returns>
    Task<IReadOnlyList<Exception?>> ForwardAsync(string grpcUrl, IReadOnlyList<byte[]> envelopes, CancellationToken cancellationToken);
}

/// <summary>
/// Ordering under Raft. On the leader a batch becomes one log entry (a <see cref="BlockProposal"/>
/// with the leader's block time), replicated while the next batch is cut (at most
/// <see cref="OrderingOptions.MaxBlocksInFlight"/> at once); applying it completes the transactions. On a follower the
/// batch is forwarded to the leader's door and its transactions wait here for the block that holds
/// them. Without a leader, the batch fails as unavailable. When the leader changes, every
/// transaction ordered here and not yet in a block is ordered again (a block the old leader had not
/// committed may be lost; one it had is recorded once, a second copy as a duplicate that changes
/// nothing). A transaction not in a block within the commit timeout of its first ordering is given
/// up (the client resubmits), by a sweep every <see cref="SweepInterval"/> at most. Never stops the node.
/// </summary>
public sealed class RaftOrderer : IBlockOrderer, IDisposable
{
    /// <summary>How long the leader waits for the cluster to commit a block it proposed before it cuts on without it.</summary>
    public static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often transactions past their commit timeout are looked for (at most; a shorter timeout sweeps more often).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _inFlight;
    private readonly OrderedTransactions _ordered;
    private readonly ITimer _sweep;
    private readonly RaftNode _raft;
    private readonly Mempool _mempool;
    private readonly LedgerStore _ledger;
    private readonly ILeaderForwarder _forwarder;
    private readonly TimeProvider _time;
    private readonly IOptions<OrderingOptions> _options;
    private readonly ILogger<RaftOrderer> _logger;

    public RaftOrderer(RaftNode raft, Mempool mempool, LedgerStore ledger, ILeaderForwarder forwarder, TimeProvider time, IOptions<OrderingOptions> options, ILogger<RaftOrderer> logger)
    {
        _raft = raft;
        _mempool = mempool;
        _ledger = ledger;
        _forwarder = forwarder;
        _time = time;
        _options = options;
        _logger = logger;
        _ordered = new OrderedTransactions(time);
        _inFlight = new SemaphoreSlim(options.Value.MaxBlocksInFlight);
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.DefaultCommitTimeoutMs / 4, 10, SweepInterval.TotalMilliseconds));
        _sweep = time.CreateTimer(_ => GiveUpLate(), null, interval, interval);
        raft.LeaderChanged += OrderAgain;
    }

    public async Task OrderAsync(IReadOnlyList<PendingTransaction> batch, CancellationToken cancellationToken)
    {
        // one reading of who leads decides what to do with the batch
        if (_raft.Leader is not { } leader)
        {
            Fail(batch, new NodeUnavailableException("the cluster has no leader now (an election is running, or too few nodes are up); submit again"));
            return;
        }

        var envelopes = batch.Select(p => p.Envelope).ToArray();
        if (string.Equals(leader.Id, _raft.Self.Id, StringComparison.Ordinal))
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            var blockTime = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _ledger.Head!.BlockTimeUnixMs);
            Track(batch);
            _ = ReplicateAsync(batch, new BlockProposal(blockTime, _raft.Self.Id, envelopes), cancellationToken);
            return;
        }

        IReadOnlyList<Exception?> refusals;
        try
        {
            refusals = await _forwarder.ForwardAsync(leader.Grpc, envelopes, cancellationToken).ConfigureAwait(false);
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
                Fail([batch[i]], refusal);
            }
            else
            {
                forwarded.Add(batch[i]);
            }
        }

        Track(forwarded);
    }

    public void Dispose()
    {
        _raft.LeaderChanged -= OrderAgain;
        _sweep.Dispose();
        _inFlight.Dispose();
    }

    private async Task ReplicateAsync(IReadOnlyList<PendingTransaction> batch, BlockProposal proposal, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReplicationTimeout);
            await _raft.ReplicateAsync(proposal.Encode(), timeout.Token).ConfigureAwait(false);

            // committed and applied: a transaction it did not complete was not in the block (a skipped entry)
            var missing = batch.Where(p => !p.Committed.IsCompleted).ToArray();
            if (missing.Length > 0)
            {
                Fail(missing, new NodeUnavailableException("the block holding it was not applied; submit again"));
            }
        }
#pragma warning disable CA1031 // the outcome is unknown (the entry may still commit): the transactions stay pending until their block or the give-up
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsensusLog.OrderingFailed(_logger, batch.Count, e is OperationCanceledException ? $"not committed within {ReplicationTimeout.TotalMilliseconds} ms" : e.Message);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Transactions ordered here wait for their block; any left when the commit timeout ends are given up.</summary>
    private void Track(IReadOnlyList<PendingTransaction> ordered) =>
        _ordered.Add(ordered, TimeSpan.FromMilliseconds(_options.Value.DefaultCommitTimeoutMs));

    private void OrderAgain()
    {
        foreach (var tx in _ordered.TakeForReordering())
        {
            _mempool.Requeue(tx);
        }
    }

    // a timer's callback: whatever it meets is logged, never thrown (that would end the process)
    private void GiveUpLate()
    {
        try
        {
            // one that completed since it was taken is not failed (nor counted)
            var late = _ordered.TakeExpired().Where(p => !p.Committed.IsCompleted).ToArray();
            if (late.Length > 0)
            {
                Fail(late, new NodeUnavailableException($"not in a block within {_options.Value.DefaultCommitTimeoutMs} ms of ordering; submit again"));
            }
        }
#pragma warning disable CA1031 // the next sweep tries again; the node goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsensusLog.SweepFailed(_logger, e);
        }
    }

    private void Fail(IReadOnlyList<PendingTransaction> batch, Exception reason)
    {
        ConsensusLog.OrderingFailed(_logger, batch.Count, reason.Message);
        _mempool.Remove(batch);
        foreach (var tx in batch)
        {
            _ordered.Remove(tx);
            tx.Fail(reason);
        }
    }
}
