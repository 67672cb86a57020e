using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Ledger.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus.Raft;

/// <summary>
/// This node's member of the Raft cluster (DotNext.Net.Cluster over TCP): a write-ahead log under
/// the data folder, the ledger as its state machine, the static membership of the cluster config.
/// Started and stopped with the host. Thread-safe.
/// </summary>
public sealed class RaftNode(
    ClusterConfig config,
    ClusterMember self,
    string directory,
    int electionTimeoutMs,
    SigningIdentityFile nodeIdentity,
    RaftPeerPolicy peers,
    BlockApplier applier,
    LedgerStore ledger,
    NodeMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<RaftNode>();
    private RaftCluster? _cluster;
    private WriteAheadLog? _log;
    private LedgerStateMachine? _machine;

    public ClusterConfig Config => config;

    /// <summary>Raised (on a Raft thread) when the leader this node knows changes, or is lost.</summary>
    public event Action? LeaderChanged;

    public ClusterMember Self => self;

    /// <summary>Whether this node leads now (the leader it knows is itself).</summary>
    public bool IsLeader => _cluster?.Leader is { IsRemote: false };

    /// <summary>The member this node sees as leader, or null while there is none.</summary>
    public ClusterMember? Leader => config.AtRaft(_cluster?.Leader?.EndPoint);

    public long Term => _cluster?.Term ?? 0;

    /// <summary>Other members this node can reach now.</summary>
    public int PeersConnected => _cluster?.Members.Count(m => m.IsRemote && m.Status == ClusterMemberStatus.Available) ?? 0;

    /// <summary>The highest log index known committed, and the highest applied here.</summary>
    public (long Committed, long Applied) LogIndexes => _log is { } log ? (log.LastCommittedEntryIndex, log.LastAppliedIndex) : (0, 0);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _machine = new LedgerStateMachine(Directory.CreateDirectory(Path.Combine(directory, "snapshots")), applier, Fault, _logger);
        await _machine.RestoreAsync(cancellationToken).ConfigureAwait(false);
        _log = new WriteAheadLog(
            new WriteAheadLog.Options
            {
                Location = Path.Combine(directory, "wal"),

                // the default chunk (a memory page) makes large entries slow
                ChunkSize = 1 << 20,
            },
            _machine);

        var storage = new EndPointStorage();
        var members = storage.CreateInitialConfigurationBuilder();
        foreach (var member in config.Members)
        {
            members.Add(member.RaftEndPoint);
        }

        members.Build();
        var tcp = new RaftCluster.TcpConfiguration(self.RaftEndPoint)
        {
            ConfigurationStorage = storage,
            ColdStart = false,
            LowerElectionTimeout = electionTimeoutMs,
            UpperElectionTimeout = 2 * electionTimeoutMs,
            RequestTimeout = TimeSpan.FromMilliseconds(Math.Max(1000, 3 * electionTimeoutMs)),
            HeartbeatThreshold = 0.5,
            ConnectTimeout = TimeSpan.FromMilliseconds(Math.Max(200, electionTimeoutMs)),
            TransmissionBlockSize = 65535,
            LoggerFactory = loggers,
            SslOptions = Tls(),
        };
        tcp.Metadata["id"] = self.Id;
        _cluster = new RaftCluster(tcp) { AuditTrail = _log };
        _cluster.LeaderChanged += OnLeaderChanged;
        metrics.Registry.AddBeforeCollectCallback(() => metrics.Raft(Term, PeersConnected));
        await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        ConsensusLog.RaftStarted(_logger, self.Id, self.Raft, config.Members.Count, ledger.LastAppliedIndex ?? 0, ledger.Head?.Height ?? 0);
    }

    /// <summary>Replicates an entry; returns once it is committed and applied here.</summary>
    /// <exception cref="NodeUnavailableException">This node is not the leader, or lost leadership.</exception>
    public async Task ReplicateAsync(byte[] entry, CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new NodeUnavailableException("the Raft node is not started");
        try
        {
            await cluster.ReplicateAsync(entry, token: cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NodeUnavailableException("this node is no longer the Raft leader", e);
        }
    }

    /// <summary>Waits until this node has applied every entry committed when called.</summary>
    public async Task WaitCaughtUpAsync(CancellationToken cancellationToken)
    {
        if (_log is { } log)
        {
            await log.WaitForApplyAsync(log.LastCommittedEntryIndex, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is { } cluster)
        {
            cluster.LeaderChanged -= OnLeaderChanged;
            await cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        if (_log is { } log)
        {
            _log = null;
            await log.DisposeAsync().ConfigureAwait(false);
        }

        if (_machine is { } machine)
        {
            _machine = null;
            await machine.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Mutual TLS between the nodes, with this node's certificate from its org's CA; peers are judged by <see cref="RaftPeerPolicy"/>.</summary>
    private SslOptions Tls()
    {
        var certificate = nodeIdentity.Certificate;
        return new SslOptions
        {
            ServerOptions = new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, peer, _, _) => Trusted(peer),
            },
            ClientOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "ledger-raft",
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, peer, _, _) => Trusted(peer),
            },
        };
    }

    // chain errors of the platform (our CAs are in no system store) are not ours: the consortium decides
    private bool Trusted(X509Certificate? peer)
    {
        if (peers.Check(peer) is not { } refusal)
        {
            return true;
        }

        ConsensusLog.PeerRefused(_logger, refusal);
        return false;
    }

    private void OnLeaderChanged(ICluster cluster, IClusterMember? leader)
    {
        var id = config.AtRaft(leader?.EndPoint)?.Id ?? "(none)";
        metrics.LeaderChanged(cluster is IRaftCluster raft ? raft.Term : 0);
        ConsensusLog.LeaderChanged(_logger, id, cluster is IRaftCluster r ? r.Term : 0, ledger.Head?.Height ?? 0);
        LeaderChanged?.Invoke();
    }

    private void Fault(Exception e)
    {
        ConsensusLog.CommitFailed(_logger, e, (ledger.Head?.Height ?? 0) + 1);

        // a node that cannot apply the chain must not look like one that stopped cleanly
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
