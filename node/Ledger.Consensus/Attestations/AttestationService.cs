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

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
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
    private readonly Lock _lock = new();
    private TaskCompletionSource _certified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _certifiedHeight;
    private ulong _certifiedThrough;

    public AttestationService(LedgerStore ledger, CommitFeed feed, ConsortiumConfig config, IAttestationPeers peers, NodeSigner signer, NodeMetrics metrics, ILogger<AttestationService> logger)
    {
        _ledger = ledger;
        _store = new AttestationStore(ledger.Store);
        _feed = feed;
        _config = config;
        _peers = peers;
        _signer = signer;
        _metrics = metrics;
        _logger = logger;
        _certifiedHeight = _store.CertifiedHeight;
        _certifiedThrough = _store.CertifiedThrough;
        _metrics.Certified(_certifiedHeight);
    }

    public AttestationPolicy? Policy => _config.Attestation;

    /// <summary>Whether this node signs blocks: it has a node key of an attesting org.</summary>
    public bool Attests => _signer.Identity is { } id && Policy?.Includes(id.Certificate.Org) == true && id.Certificate.MemberRole == Attestation.NodeRole;

    /// <summary>The highest block with a commit certificate here (0: none).</summary>
    public ulong CertifiedHeight => Volatile.Read(ref _certifiedHeight);

    public IReadOnlyList<Attestation> AttestationsAt(ulong height) => _store.Get(height);

    /// <summary>The orgs of a block's commit certificate, or null when it has none (yet).</summary>
    public IReadOnlyList<string>? CertifiedOrgs(ulong height) => _store.CertifiedOrgs(height);

    /// <summary>Completes once block <paramref name="height"/> has a commit certificate here.</summary>
    public async Task WaitForCertificateAsync(ulong height, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _certified.Task;
            }

            if (height == 0 || _store.CertifiedOrgs(height) is not null)
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

        AttestationLog.Started(_logger, Attests ? _signer.Identity!.Certificate.Org : "(none)", Policy.Threshold, Policy.Orgs.Count, _certifiedHeight);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var head = _feed.Height;
                var progressed = await RoundAsync(head, stoppingToken).ConfigureAwait(false);
                if (_certifiedThrough >= head)
                {
                    await _feed.WaitForHeightAsync(head + 1, stoppingToken).ConfigureAwait(false);
                }
                else if (!progressed)
                {
                    await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
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

    /// <summary>Signs what this node has not signed, fetches from the peers for the oldest uncertified blocks, and stores what holds.</summary>
    /// <returns>Whether a block became certified.</returns>
    private async Task<bool> RoundAsync(ulong head, CancellationToken cancellationToken)
    {
        var from = _certifiedThrough + 1;
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
                var attestations = _store.Get(height);
                h = new Held(header, attestations.Select(a => a.CertificateHash).ToHashSet(), attestations.Select(a => CommitCertificate.OrgOf(a.Certificate)!).ToHashSet(StringComparer.Ordinal), []);
                held[height] = h;
            }

            return h;
        }

        // this node's own attestations first: nothing to judge, it applied the block itself
        if (Attests)
        {
            var self = _signer.Identity!;
            for (var height = from; height <= to; height++)
            {
                var h = HeldAt(height);
                if (h.Hashes.Add(self.Certificate.Hash))
                {
                    h.Orgs.Add(self.Certificate.Org);
                    h.New.Add(Attestation.Sign(self, h.Header));
                }
            }
        }

        if (_peers.Names.Count > 0 && Enumerable.Range(0, (int)(to - from + 1)).Any(i => !IsQuorum(HeldAt(from + (ulong)i))))
        {
            var fetches = _peers.Names.Select(peer => FetchAsync(peer, from, to, cancellationToken)).ToArray();
            foreach (var (peer, answers) in await Task.WhenAll(fetches).ConfigureAwait(false))
            {
                foreach (var answer in answers)
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

                    foreach (var attestation in answer.Attestations)
                    {
                        if (h.Hashes.Contains(attestation.CertificateHash))
                        {
                            continue;
                        }

                        var (org, reason) = Judge(h.Header, attestation);
                        if (org is null)
                        {
                            _metrics.AttestationRefused();
                            AttestationLog.Refused(_logger, peer, answer.Height, reason!);
                            continue;
                        }

                        h.Hashes.Add(attestation.CertificateHash);
                        h.Orgs.Add(org);
                        h.New.Add(attestation);
                    }
                }
            }
        }

        return Store(from, to, held);
    }

    private bool Store(ulong from, ulong to, Dictionary<ulong, Held> held)
    {
        var attestations = new List<(ulong, Attestation)>();
        var certified = new List<(ulong, IReadOnlyList<string>)>();
        foreach (var (height, h) in held.OrderBy(kv => kv.Key))
        {
            attestations.AddRange(h.New.Select(a => (height, a)));
            if (h.New.Count > 0 && IsQuorum(h) && _store.CertifiedOrgs(height) is null)
            {
                certified.Add((height, h.Orgs.Order(StringComparer.Ordinal).ToArray()));
            }
        }

        if (attestations.Count == 0)
        {
            return false;
        }

        var certifiedHeight = Math.Max(_certifiedHeight, certified.Count > 0 ? certified[^1].Item1 : 0);
        var now = certified.Select(c => c.Item1).ToHashSet();
        var through = _certifiedThrough;
        while (through < to && (now.Contains(through + 1) || _store.CertifiedOrgs(through + 1) is not null))
        {
            through++;
        }

        _store.Write(attestations, certified, certifiedHeight, through);
        _certifiedThrough = through;
        Volatile.Write(ref _certifiedHeight, certifiedHeight);
        _metrics.Certified(certifiedHeight);
        foreach (var (height, orgs) in certified)
        {
            AttestationLog.Certified(_logger, height, string.Join(",", orgs));
        }

        if (certified.Count > 0)
        {
            TaskCompletionSource released;
            lock (_lock)
            {
                released = _certified;
                _certified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            released.TrySetResult();
        }

        return certified.Count > 0;
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

    private async Task<(string Peer, IReadOnlyList<PeerAttestations> Answers)> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken)
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
            return (peer, []);
        }
    }

    private sealed record Held(BlockHeader Header, HashSet<Hash32> Hashes, HashSet<string> Orgs, List<Attestation> New);
}
