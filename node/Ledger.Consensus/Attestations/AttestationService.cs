using System.Diagnostics;
using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus.Attestations;

/// <summary>
/// Attests every block this node applies (signs its hash with the node key, when its org is an
/// attesting org), fetches the attestations of the other nodes for blocks not yet certified, keeps
/// those that hold (<see cref="CommitCertificate.Judge"/>, under the membership in force when the
/// block was applied) and marks a block certified once a quorum of distinct orgs attested it.
/// Fetching rather than pushing means a node that was down, or joins late, gathers the
/// certificates of the blocks it missed the same way. One loop does all writes.
/// </summary>
public sealed class AttestationService : BackgroundService
{
    /// <summary>Most heights asked of a peer at once.</summary>
    public const int MaxHeightsPerFetch = 64;

    /// <summary>Rounds in which every peer answered and a block still lacked a quorum, after which the node stops trying to certify it (a later certified block still vouches for it).</summary>
    public const int GiveUpAfterRounds = 50;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The least time between the starts of two rounds while the node keeps up (a node catching up on
    /// many blocks, or after a failed round, goes on sooner): under load blocks come faster than that,
    /// and one round covers them all. Each round costs every node a call to every peer and an answer
    /// to each (at 50 ms, 3–4% of a node's CPU under load); certificates are not on the commit path, so
    /// they may lag the head by about this much.
    /// </summary>
    public static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(2);

    private readonly LedgerStore _ledger;
    private readonly AttestationStore _store;
    private readonly CommitFeed _feed;
    private readonly ConsortiumConfig _config;
    private readonly IAttestationPeers _peers;
    private readonly NodeSigner _signer;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<AttestationService> _logger;
    private readonly Dictionary<(string Org, Hash32 Record), Membership> _memberships = [];
    private readonly Dictionary<ulong, int> _attempts = [];
    private readonly HashSet<(ulong Height, Hash32 Certificate)> _refused = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _certifiedHeight;
    private ulong _floor;
    private readonly int _giveUpAfterRounds;
    private bool _attests;

    /// <param name="giveUpAfterRounds">See <see cref="GiveUpAfterRounds"/> (tests shorten it).</param>
    public AttestationService(LedgerStore ledger, CommitFeed feed, ConsortiumConfig config, IAttestationPeers peers, NodeSigner signer, NodeMetrics metrics, ILogger<AttestationService> logger, int giveUpAfterRounds = GiveUpAfterRounds)
    {
        _giveUpAfterRounds = giveUpAfterRounds;
        _ledger = ledger;
        _store = new AttestationStore(ledger.Store);
        _feed = feed;
        _config = config;
        _peers = peers;
        _signer = signer;
        _metrics = metrics;
        _logger = logger;
        _certifiedHeight = _store.CertifiedHeight;
        _floor = _store.CertifiedThrough;
        _metrics.Certified(_certifiedHeight);
    }

    public AttestationPolicy? Policy => _config.Attestation;

    /// <summary>The highest block with a commit certificate here (0: none).</summary>
    public ulong CertifiedHeight => Volatile.Read(ref _certifiedHeight);

    /// <summary>Every block up to here is certified, or was given up on (<see cref="GiveUpAfterRounds"/>).</summary>
    public ulong SettledHeight => Volatile.Read(ref _floor);

    public IReadOnlyList<Attestation> AttestationsAt(ulong height) => _store.Get(height);

    /// <summary>The orgs of a block's commit certificate, or null when it has none (yet).</summary>
    public IReadOnlyList<string>? CertifiedOrgs(ulong height) => _store.CertifiedOrgs(height);

    /// <summary>Completes once block <paramref name="height"/> is certified here, or given up on.</summary>
    public async Task WaitForCertificateAsync(ulong height, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _changed.Task;
            }

            if (height == 0 || height <= SettledHeight || _store.CertifiedOrgs(height) is not null)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Policy is null)
        {
            AttestationLog.Off(_logger);
            return;
        }

        try
        {
            _attests = _signer.Identity is { } id && Policy.Includes(id.Certificate.Org) && id.Certificate.MemberRole == Attestation.NodeRole;
        }
        catch (FormatException e)
        {
            AttestationLog.NoKey(_logger, e.Message);
        }

        AttestationLog.Started(_logger, _attests ? _signer.Identity!.Certificate.Org : "(none)", Policy.Threshold, Policy.Orgs.Count, _certifiedHeight);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var head = _feed.Height;
                var started = Stopwatch.GetTimestamp();
                var progressed = await RoundAsync(head, stoppingToken).ConfigureAwait(false);
                var settled = _floor >= head;
                if (settled)
                {
                    await _feed.WaitForHeightAsync(head + 1, stoppingToken).ConfigureAwait(false);
                }

                // the rest of the interval (more blocks may come); at least the retry delay when the
                // peers had not signed yet; none when far behind (a next round has blocks to settle)
                var wait = RoundInterval - Stopwatch.GetElapsedTime(started);
                if (!settled && !progressed && wait < RetryDelay)
                {
                    wait = RetryDelay;
                }
                else if (!settled && progressed && _floor + MaxHeightsPerFetch <= head)
                {
                    wait = TimeSpan.Zero;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must outlive any one bad round: it is logged and tried again
            catch (Exception e)
#pragma warning restore CA1031
            {
                AttestationLog.RoundFailed(_logger, e);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Signs what this node has not signed, fetches from the peers for the oldest unsettled blocks, and stores what holds.</summary>
    /// <returns>Whether a block became certified or was given up on.</returns>
    private async Task<bool> RoundAsync(ulong head, CancellationToken cancellationToken)
    {
        var from = _floor + 1;
        var to = Math.Min(head, from + MaxHeightsPerFetch - 1);
        if (from > head)
        {
            return false;
        }

        var held = new Dictionary<ulong, Held>();
        Held HeldAt(ulong height)
        {
            if (!held.TryGetValue(height, out var h))
            {
                var header = BlockHeader.Decode(_ledger.GetHeaderBytes(height)!);
                var orgs = _store.Get(height).Select(a => CommitCertificate.OrgOf(a.Certificate)!).ToHashSet(StringComparer.Ordinal);
                h = new Held(header, orgs, []);
                held[height] = h;
            }

            return h;
        }

        // this node's own attestations first, judged as any other (its org or key may be suspended or revoked)
        if (_attests)
        {
            var self = _signer.Identity!;
            for (var height = from; height <= to; height++)
            {
                var h = HeldAt(height);
                if (!h.Orgs.Contains(self.Certificate.Org) && !_refused.Contains((height, self.Certificate.Hash)))
                {
                    Offer("self", h, Attestation.Sign(self, h.Header));
                }
            }
        }

        if (_peers.Names.Count > 0 && Enumerable.Range(0, (int)(to - from + 1)).Any(i => !IsQuorum(HeldAt(from + (ulong)i))))
        {
            var fetches = _peers.Names.Select(peer => FetchAsync(peer, from, to, cancellationToken)).ToArray();
            foreach (var (peer, answers) in await Task.WhenAll(fetches).ConfigureAwait(false))
            {
                foreach (var answer in answers ?? [])
                {
                    if (answer.Height < from || answer.Height > to)
                    {
                        continue;
                    }

                    var h = HeldAt(answer.Height);
                    if (answer.BlockHash != h.Header.Hash)
                    {
                        AttestationLog.Diverged(_logger, peer, answer.Height, answer.BlockHash.ToHex(), h.Header.Hash.ToHex());
                        continue;
                    }

                    // one attestation per org is all a certificate needs; more are not stored
                    h.Answered.Add(peer);
                    foreach (var attestation in answer.Attestations.Take(AttestationPolicy.MaxOrgs))
                    {
                        Offer(peer, h, attestation);
                    }
                }
            }
        }

        return Store(to, held);
    }

    /// <summary>Judges an attestation not yet held for its org and keeps it when it holds.</summary>
    private void Offer(string source, Held h, Attestation attestation)
    {
        if (attestation.Certificate.Length > Attestation.MaxCertificateBytes || CommitCertificate.OrgOf(attestation.Certificate) is not { } org || h.Orgs.Contains(org))
        {
            return;
        }

        var key = (h.Header.Height, attestation.CertificateHash);
        if (_refused.Contains(key))
        {
            return;
        }

        var (judged, reason) = Judge(h.Header, attestation);
        if (judged is null)
        {
            if (_refused.Count >= 100_000)
            {
                _refused.Clear();
            }

            _refused.Add(key);
            _metrics.AttestationRefused();
            AttestationLog.Refused(_logger, source, h.Header.Height, reason!);
            return;
        }

        h.Orgs.Add(judged);
        h.New.Add(attestation);
    }

    private bool Store(ulong to, Dictionary<ulong, Held> held)
    {
        var attestations = new List<(ulong, Attestation)>();
        var certified = new List<(ulong, IReadOnlyList<string>)>();
        foreach (var (height, h) in held.OrderBy(kv => kv.Key))
        {
            attestations.AddRange(h.New.Select(a => (height, a)));
            if (IsQuorum(h))
            {
                _attempts.Remove(height);
                if (h.New.Count > 0 && _store.CertifiedOrgs(height) is null)
                {
                    certified.Add((height, h.Orgs.Where(o => Policy!.Includes(o)).Order(StringComparer.Ordinal).ToArray()));
                }
            }
            else if (_peers.Names.All(h.Answered.Contains))
            {
                // every peer has the block and gave what it holds: a round that counts towards giving up
                _attempts[height] = _attempts.GetValueOrDefault(height) + 1;
            }
        }

        var certifiedHeight = Math.Max(_certifiedHeight, certified.Count > 0 ? certified[^1].Item1 : 0);
        var now = certified.Select(c => c.Item1).ToHashSet();
        var floor = _floor;
        while (floor < to)
        {
            var next = floor + 1;
            if (!now.Contains(next) && _store.CertifiedOrgs(next) is null)
            {
                if (_attempts.GetValueOrDefault(next) < _giveUpAfterRounds)
                {
                    break;
                }

                AttestationLog.GaveUp(_logger, next, string.Join(",", held.TryGetValue(next, out var h) ? h.Orgs : []), _giveUpAfterRounds);
            }

            _attempts.Remove(next);
            floor = next;
        }

        var previousFloor = _floor;
        if (attestations.Count == 0 && floor == previousFloor)
        {
            return false;
        }

        _store.Write(attestations, certified, certifiedHeight, floor);
        Volatile.Write(ref _floor, floor);
        Volatile.Write(ref _certifiedHeight, certifiedHeight);
        _metrics.Certified(certifiedHeight);
        foreach (var (height, orgs) in certified)
        {
            AttestationLog.Certified(_logger, height, string.Join(",", orgs));
        }

        TaskCompletionSource released;
        lock (_lock)
        {
            released = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
        return certified.Count > 0 || floor > previousFloor;
    }

    private bool IsQuorum(Held h) => h.Orgs.Count(o => Policy!.Includes(o)) >= Policy!.Threshold;

    /// <summary>Judges a peer's attestation under the membership in force after the block before.</summary>
    private (string? Org, string? Reason) Judge(BlockHeader header, Attestation attestation)
    {
        if (attestation.Certificate.Length > Attestation.MaxCertificateBytes || CommitCertificate.OrgOf(attestation.Certificate) is not { } org)
        {
            return (null, "the certificate is not a valid P-256 X.509 certificate");
        }

        var before = header.Height - 1;
        var record = LedgerStore.ValueAt(_ledger.Store, StateKeys.State(SystemState.ConsortiumContract, SystemState.OrgKey(org)), before);
        var key = (org, record is null ? Hash32.Zero : Hash32.Compute(record));
        if (!_memberships.TryGetValue(key, out var membership))
        {
            if (_memberships.Count >= 256)
            {
                _memberships.Clear();
            }

            membership = CommitCertificate.MembershipFor(_config, org, record, record is not null);
            _memberships[key] = membership;
        }

        var revoked = LedgerStore.ValueAt(_ledger.Store, StateKeys.State(SystemState.IdentityContract, SystemState.RevokedKey(attestation.CertificateHash)), before) is not null;
        return CommitCertificate.Judge(Policy, header, attestation, membership, revoked);
    }

    /// <returns>The peer's answers, or null when it did not answer.</returns>
    private async Task<(string Peer, IReadOnlyList<PeerAttestations>? Answers)> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            return (peer, await _peers.FetchAsync(peer, from, to, timeout.Token).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // a peer that is down or answers badly just contributes nothing this round
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            AttestationLog.FetchFailed(_logger, peer, e.Message);
            return (peer, null);
        }
    }

    /// <summary>A block's header, the orgs whose attestations are held, and the attestations new this round.</summary>
    private sealed record Held(BlockHeader Header, HashSet<string> Orgs, List<Attestation> New)
    {
        /// <summary>The peers that answered for this block this round.</summary>
        public HashSet<string> Answered { get; } = new(StringComparer.Ordinal);
    }
}
