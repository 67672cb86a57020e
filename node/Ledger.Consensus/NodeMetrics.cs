using Ledger.Core.Blocks;
using Ledger.Core.Transactions;
using Ledger.State;
using Prometheus;

namespace Ledger.Consensus;

/// <summary>
/// The node's Prometheus metrics, in a registry of its own (several nodes may share a process in
/// tests): height, blocks and transactions committed (by validation code), submit-to-commit
/// latency, block apply time, committed tx/s over the last ten seconds, mempool size and door
/// refusals. Thread-safe.
/// </summary>
public sealed class NodeMetrics
{
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(10);

    private readonly Gauge _height;
    private readonly Counter _blocks;
    private readonly Counter _transactions;
    private readonly Counter _refused;
    private readonly Histogram _commitLatency;
    private readonly Histogram _applySeconds;
    private readonly Gauge _throughput;
    private readonly Gauge _term;
    private readonly Counter _leaderChanges;
    private readonly Gauge _peers;
    private readonly Gauge _certifiedHeight;
    private readonly Counter _attestationsRefused;
    private readonly Queue<(long At, int Count)> _recent = new();
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public NodeMetrics(LedgerStore ledger, Mempool mempool, TimeProvider time)
    {
        _time = time;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _height = factory.CreateGauge("ledger_block_height", "Height of the last committed block");
        _blocks = factory.CreateCounter("ledger_blocks_committed_total", "Blocks committed by this node");
        _transactions = factory.CreateCounter("ledger_transactions_committed_total", "Transactions recorded in committed blocks, by validation code", "code");
        _refused = factory.CreateCounter("ledger_transactions_refused_total", "Transactions refused at the door (never stored), by validation code", "code");
        _commitLatency = factory.CreateHistogram(
            "ledger_commit_latency_seconds",
            "From admission at this node's door to the commit of the transaction's block",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        _applySeconds = factory.CreateHistogram(
            "ledger_block_apply_seconds",
            "Executing and committing one block",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 12) });
        _throughput = factory.CreateGauge("ledger_committed_tx_per_second", "Transactions committed per second over the last ten seconds");
        _term = factory.CreateGauge("ledger_raft_term", "The Raft term this node is in (0 when ordering alone)");
        _leaderChanges = factory.CreateCounter("ledger_raft_leader_changes_total", "Times this node saw the Raft leader change");
        _peers = factory.CreateGauge("ledger_raft_peers_connected", "Other cluster members this node reaches now");
        _certifiedHeight = factory.CreateGauge("ledger_certified_height", "Height of the last block with a commit certificate (attestations of a quorum of orgs)");
        _attestationsRefused = factory.CreateCounter("ledger_attestations_refused_total", "Attestations from peers that did not hold (bad signature, not a member, not a node certificate)");
        var mempoolSize = factory.CreateGauge("ledger_mempool_size", "Transactions admitted and waiting for a block");
        _height.Set(ledger.Head?.Height ?? 0);
        Registry.AddBeforeCollectCallback(() =>
        {
            mempoolSize.Set(mempool.Count);
            _throughput.Set(Throughput());
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The Raft node's term and connected peers (it sets them before each scrape).</summary>
    public void Raft(long term, int peers)
    {
        _term.Set(term);
        _peers.Set(peers);
    }

    public void LeaderChanged(long term)
    {
        _term.Set(term);
        _leaderChanges.Inc();
    }

    /// <summary>Records a committed block and its transactions' submit-to-commit latency.</summary>
    public void Committed(Block block, IReadOnlyList<PendingTransaction> batch, TimeSpan applyTime)
    {
        _height.Set(block.Height);
        _blocks.Inc();
        _applySeconds.Observe(applyTime.TotalSeconds);
        foreach (var record in block.Transactions)
        {
            _transactions.WithLabels(record.Code.ToString()).Inc();
        }

        var now = _time.GetTimestamp();
        foreach (var tx in batch)
        {
            _commitLatency.Observe(_time.GetElapsedTime(tx.AdmittedAt, now).TotalSeconds);
        }

        lock (_lock)
        {
            _recent.Enqueue((now, block.Transactions.Count));
        }
    }

    public void Certified(ulong height) => _certifiedHeight.Set(height);

    public void AttestationRefused() => _attestationsRefused.Inc();

    public void Refused(ValidationCode code) => _refused.WithLabels(code.ToString()).Inc();

    /// <summary>Committed transactions per second over the last ten seconds.</summary>
    public double Throughput()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            while (_recent.Count > 0 && _time.GetElapsedTime(_recent.Peek().At, now) > ThroughputWindow)
            {
                _recent.Dequeue();
            }

            return _recent.Sum(r => (double)r.Count) / ThroughputWindow.TotalSeconds;
        }
    }
}
