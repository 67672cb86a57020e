using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Ledger.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus.Raft;

/// <summary>
/// This node's member of the Raft cluster (DotNext.Net.Cluster over TCP): a write-ahead log under
/// the data folder, the ledger as its state machine. The Raft membership is kept on disk: on a first
/// start it is the cluster config's (a node that joins a running cluster, <paramref name="join"/>,
/// starts with none and learns it from the log); a member added on chain (<see cref="ClusterDirectory"/>)
/// is added by the leader with DotNext's <c>AddMemberAsync</c>, which first replicates it the whole log.
/// Started and stopped with the host. Thread-safe.
/// </summary>
public sealed class RaftNode(
    ClusterDirectory cluster,
    ClusterMember self,
    string directory,
    int electionTimeoutMs,
    bool join,
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
    private CancellationTokenSource? _stopping;
    private Task _reconciling = Task.CompletedTask;

    public ClusterConfig Config => cluster.Current;

    /// <summary>Raised (on a Raft thread) when the leader this node knows changes, or is lost.</summary>
    public event Action? LeaderChanged;

    public ClusterMember Self => self;

    /// <summary>Whether this node leads now (the leader it knows is itself).</summary>
    public bool IsLeader => _cluster?.Leader is { IsRemote: false };

    /// <summary>The member this node sees as leader, or null while there is none.</summary>
    public ClusterMember? Leader => cluster.Current.AtRaft(_cluster?.Leader?.EndPoint);

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

        var storage = new EndPointStorage(Path.Combine(directory, "members"));
        IClusterConfigurationStorage<EndPoint> members = storage;
        var initial = await members.LoadConfigurationAsync(cancellationToken).ConfigureAwait(false);

        // a node that once started to join stays joining until the log gives it the membership, --Cluster:Join or not
        var joining = Path.Combine(directory, "joining");
        if (join && initial.Members.Count == 0)
        {
            await File.WriteAllTextAsync(joining, self.Id, cancellationToken).ConfigureAwait(false);
        }

        if (initial.Members.Count == 0 && !join && !File.Exists(joining))
        {
            // first start of a founding member: the cluster config's members (a joining node learns them from the log)
            foreach (var member in cluster.File.Members)
            {
                initial = initial.Add(member.RaftEndPoint);
            }

            await ((IClusterConfigurationStorage)storage).SaveConfigurationAsync(initial, 0, cancellationToken).ConfigureAwait(false);
        }
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
        ConsensusLog.RaftStarted(_logger, self.Id, self.Raft, _cluster.Members.Count, ledger.LastAppliedIndex ?? 0, ledger.Head?.Height ?? 0);
        _stopping = new CancellationTokenSource();
        _reconciling = ReconcileAsync(_stopping.Token);
    }

    /// <summary>
    /// On the leader: adds a member to the Raft cluster. DotNext first replicates it the log (warm-up
    /// rounds, from index 1 for a new node: it rebuilds every block), then commits a membership entry
    /// with it, after which it votes and counts for the majority.
    /// </summary>
    /// <returns>False when the member did not catch up or was a member already.</returns>
    /// <exception cref="NodeUnavailableException">This node is not the leader, or lost leadership.</exception>
    public async Task<bool> AddMemberAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var raft = _cluster ?? throw new NodeUnavailableException("the Raft node is not started");
        try
        {
            return await raft.AddMemberAsync(member.RaftEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (NotLeaderException e)
        {
            throw new NodeUnavailableException("this node is not the Raft leader", e);
        }
    }

    /// <summary>The Raft endpoints of the members now (the committed membership of the log).</summary>
    public IReadOnlyList<EndPoint> RaftMembers => _cluster?.Members.Select(m => m.EndPoint).ToArray() ?? [];

    // the leader adds the members added on chain that the Raft membership has not yet; a new leader picks up where an old one stopped.
    // A member that cannot be added (down, or a wrong endpoint) is tried again later and later, up to a minute apart.
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(250, electionTimeoutMs)));
        var backoff = new Dictionary<string, (DateTime Next, TimeSpan Delay)>(StringComparer.Ordinal);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!IsLeader || _cluster is not { } raft)
                {
                    continue;
                }

                var known = raft.Members.Select(m => m.EndPoint).ToHashSet();
                foreach (var member in cluster.Current.Members.Where(m => !known.Contains(m.RaftEndPoint)))
                {
                    if (backoff.TryGetValue(member.Id, out var wait) && DateTime.UtcNow < wait.Next)
                    {
                        continue;
                    }

                    try
                    {
                        var added = await AddMemberAsync(member, cancellationToken).ConfigureAwait(false);
                        ConsensusLog.MemberAdded(_logger, member.Id, member.Raft, added);
                        if (added)
                        {
                            backoff.Remove(member.Id);
                        }
                        else
                        {
                            Later(member.Id);
                        }
                    }
#pragma warning disable CA1031 // not leader any more, the member unreachable, a concurrent change: tried again on the next tick
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        ConsensusLog.MemberNotAdded(_logger, e, member.Id, member.Raft);
                        Later(member.Id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        void Later(string id)
        {
            var delay = backoff.TryGetValue(id, out var previous) ? TimeSpan.FromTicks(Math.Min(previous.Delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)) : TimeSpan.FromSeconds(1);
            backoff[id] = (DateTime.UtcNow + delay, delay);
        }
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
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await _reconciling.ConfigureAwait(false);
        }

        if (_cluster is { } raft)
        {
            raft.LeaderChanged -= OnLeaderChanged;
            await raft.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping is { } stopping)
        {
            _stopping = null;
            stopping.Dispose();
        }

        if (_cluster is { } raft)
        {
            _cluster = null;
            await raft.DisposeAsync().ConfigureAwait(false);
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

    private void OnLeaderChanged(ICluster sender, IClusterMember? leader)
    {
        var id = cluster.Current.AtRaft(leader?.EndPoint)?.Id ?? "(none)";
        metrics.LeaderChanged(sender is IRaftCluster raft ? raft.Term : 0);
        ConsensusLog.LeaderChanged(_logger, id, sender is IRaftCluster r ? r.Term : 0, ledger.Head?.Height ?? 0);
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
