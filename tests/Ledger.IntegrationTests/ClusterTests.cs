using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Ledger.Client;
using Ledger.Client.Proofs;
using Ledger.Core.Identity;
using Ledger.Protos.V1;
using Ledger.TestKit;

namespace Ledger.IntegrationTests;

/// <summary>
/// Four real node processes (operator, manufacturer, customs, tax) ordering with Raft on loopback,
/// created by <c>Ledger.Node init-network</c>. Faults by SIGKILL. After every scenario all live nodes
/// have the same height, last block hash and state root, and every acknowledged transaction is in it.
/// </summary>
public sealed class ClusterTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new("ledger-cluster");
    private readonly LiveNodes _nodes = new(Patience);
    private readonly List<(string Name, string Grpc, string Http)> _members = [];
    private readonly List<string> _acknowledged = [];
    private TransactionBuilder? _builder;

    /// <summary>
    /// The transaction submitted without a majority: never acknowledged, but its node orders it again
    /// on each leader change until its commit timeout, so it may be in a block at any check after.
    /// </summary>
    private string? _undecided;

    public void Dispose()
    {
        _nodes.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_cluster_orders_once_survives_crashes_of_a_follower_and_the_leader_and_commits_nothing_without_a_majority()
    {
        try
        {
            await ScenarioAsync();
        }
        catch (Exception e)
        {
            var statuses = await Task.WhenAll(_nodes.Names.Select(async n => (await _nodes.StatusOrNullAsync(n)) is { } s ? $"{n}: {s.Role} leader={s.Leader} term={s.Term} height={s.Height}" : $"{n}: no answer"));
            throw new InvalidOperationException($"{e.Message}; nodes now: {string.Join("; ", statuses)} (node logs kept in {KeepLogs()})", e);
        }
    }

    /// <summary>Copies the nodes' logs out of the temp folder, for a failure to be read afterwards.</summary>
    private string KeepLogs()
    {
        var target = Path.Combine(Path.GetTempPath(), "ledger-cluster-failure-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var file in Directory.GetFiles(Path.Combine(_dir.Path, "nodes"), "*.log", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Path.Combine(_dir.Path, "nodes"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private async Task ScenarioAsync()
    {
        await CreateAsync();
        foreach (var (name, _, _) in _members)
        {
            await StartAsync(name);
        }

        // a transaction submitted to a follower is ordered once and applied by all four
        var leader = await _nodes.LeaderAsync();
        var follower = _members.First(m => m.Name != leader).Name;
        await SubmitAsync(follower, 3);
        await AssertSameChainAsync();

        // a follower is killed: commits go on; it restarts and catches up the blocks it missed
        var victim = _members.First(m => m.Name != leader && m.Name != follower).Name;
        _nodes.Kill(victim);
        await SubmitAsync(follower, 4);
        await AssertSameChainAsync();
        await StartAsync(victim);
        await AssertSameChainAsync();

        // the leader (a restart may have moved it) is killed: a new one is elected, nothing acknowledged is lost, no fork
        leader = await _nodes.LeaderAsync();
        victim = _members.First(m => m.Name != leader).Name;
        _nodes.Kill(leader);
        var second = await _nodes.LeaderAsync();
        Assert.NotEqual(leader, second);
        await SubmitAsync(victim, 3);
        await AssertSameChainAsync();

        // the old leader comes back as a follower and catches up
        await StartAsync(leader);
        await AssertSameChainAsync();
        Assert.Equal(4, _nodes.Count);

        // two of four down, the leader among the two left: no majority, no commit (no split brain) ...
        var current = await _nodes.LeaderAsync();
        var survivors = new[] { current, _nodes.Names.First(n => n != current) };
        var downed = _nodes.Names.Except(survivors).ToArray();
        foreach (var name in downed)
        {
            _nodes.Kill(name);
        }

        var heightBefore = (await _nodes.StatusAsync(survivors[0])).Height;
        var (pendingTxId, tx) = _nodes.NewRegistration(_builder!);
        _undecided = pendingTxId.ToHex();
        try
        {
            // a leader that lost its majority steps down (Unavailable at once), or the block waits (no commit)
            var unanswered = await _nodes[survivors[1]].Client.SubmitAsync(tx, waitForCommit: true, 3000, CancellationToken.None);
            Assert.False(unanswered.Committed);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        }

        Assert.Equal(heightBefore, (await _nodes.StatusAsync(survivors[0])).Height);
        Assert.Equal(heightBefore, (await _nodes.StatusAsync(survivors[1])).Height);

        // ... and recovery when one returns: commits resume (the waiting block may commit then too)
        await StartAsync(downed[0]);
        await _nodes.LeaderAsync();
        await SubmitAsync(survivors[1], 2);
        await AssertSameChainAsync();
    }

    private async Task CreateAsync()
    {
        foreach (var fields in await NodeProcess.InitNetworkAsync(_dir.Path, FreeBasePort()))
        {
            _members.Add((fields[0], fields[1], fields[2]));
        }

        Assert.Equal(["operator", "manufacturer", "customs", "tax"], _members.Select(m => m.Name));
        var identity = IdentityDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "identities", "manufacturer.identity"))).ToSigningIdentity();
        _builder = new TransactionBuilder(identity, "ledger-local");
    }

    private async Task StartAsync(string name)
    {
        var (_, grpc, http) = _members.Single(m => m.Name == name);
        _nodes.Add(name, await NodeProcess.StartAsync(
            Path.Combine(_dir.Path, "nodes", name),
            StartTimeout,
            "--node-id", name, "--urls", grpc, "--http", http, "--cluster", Path.Combine(_dir.Path, "cluster.json"), "--Node:CreateDevConsortium=false"));
    }

    /// <summary>Submits <paramref name="count"/> registrations through <paramref name="name"/>, each until it is in a block.</summary>
    private async Task SubmitAsync(string name, int count) => _acknowledged.AddRange(await _nodes.RegisterAsync(name, _builder!, count));

    /// <summary>Every live node reaches the same height, last block hash and state root, and holds every acknowledged transaction.</summary>
    private async Task AssertSameChainAsync()
    {
        var statuses = await _nodes.AgreedStatusesAsync();
        Assert.Single(LiveNodes.Heads(statuses).Distinct());

        // each acknowledged transaction is in the chain once, valid, and nothing else is valid
        var any = _nodes.All.First();
        var valid = new List<string>();
        for (ulong h = 1; h <= statuses[0].Height; h++)
        {
            var block = await any.Client.GetBlockAsync(h, CancellationToken.None);
            valid.AddRange(block.Transactions.Where(t => t.ValidationCode == "Valid").Select(t => t.TxId));
        }

        // the undecided transaction is valid in one block or in none; the rest is exactly what was acknowledged
        Assert.True(valid.Count(t => t == _undecided) <= 1, $"{_undecided} is valid in more than one block");
        Assert.Equal(_acknowledged.Order(StringComparer.Ordinal), valid.Where(t => t != _undecided).Order(StringComparer.Ordinal));
        foreach (var node in _nodes.All)
        {
            foreach (var txId in _acknowledged)
            {
                var found = await node.Client.GetTransactionAsync(txId, CancellationToken.None);
                Assert.Equal("Valid", found.Transaction.ValidationCode);
            }
        }

        await AssertCertifiedAsync(statuses[0].Height);
    }

    /// <summary>
    /// With three of the four orgs' nodes up (the quorum), every live node gathers a commit
    /// certificate for every block, a node that was down included; a proof from any node verifies
    /// offline with its certificate.
    /// </summary>
    private async Task AssertCertifiedAsync(ulong height)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await Task.WhenAll(_nodes.Names.Select(_nodes.StatusAsync))).Any(s => s.CertifiedHeight < height) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        foreach (var name in _nodes.Names)
        {
            var node = _nodes[name];
            var status = await node.Client.StatusAsync(CancellationToken.None);
            Assert.True(status.CertifiedHeight >= height, $"{name} has certificates up to {status.CertifiedHeight}, not {height}");
            Assert.Equal(3u, status.AttestationQuorum);
            for (var from = 1UL; from <= height; from += 64)
            {
                var page = await node.Client.Ledger.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = from, ToHeight = Math.Min(height, from + 63) });
                foreach (var certificate in page.Certificates)
                {
                    Assert.True(certificate.Certified, $"{name}: block {certificate.Height} has no certificate");
                    Assert.True(certificate.Orgs.Count >= 3, $"{name}: block {certificate.Height} is certified by {certificate.Orgs.Count} orgs");
                }
            }
        }

        var genesis = (await _nodes.All.First().Client.GetBlockAsync(0, CancellationToken.None)).Encoded.ToByteArray();
        var proof = await ProofBuilder.TransactionAsync(_nodes.All.Last().Client, _acknowledged[^1], CancellationToken.None);
        var result = OfflineVerifier.VerifyTransaction(proof, OfflineVerifier.LoadGenesis(genesis).Genesis!);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains("certified by", result.Message, StringComparison.Ordinal);
    }

    /// <summary>A base port P with P..P+3, P+10..P+13 and P+20..P+23 free on loopback now.</summary>
    internal static int FreeBasePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // below the ephemeral range (32768+), where outgoing connections could take a port after the check
            var candidate = Random.Shared.Next(20_000, 32_700);
            var ports = new[] { 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23 }.Select(o => candidate + o);
            if (ports.All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free loopback ports");
    }

    internal static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
