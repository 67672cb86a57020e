using System.Text.Json;
using Ledger.Client;
using Ledger.Core.Identity;
using Ledger.Protos.V1;
using Ledger.TestKit;

namespace Ledger.IntegrationTests;

/// <summary>
/// A fifth node joins the running four-node cluster: an admin of the platform operator adds it on
/// chain (<c>cluster.AddMember</c>), it starts with <c>--Cluster:Join true</c> and no Raft membership,
/// the leader adds it to the Raft cluster, it rebuilds every block from genesis, then votes: with two of
/// the founding four down, the other two and it still commit. Membership survives a restart of all five.
/// </summary>
public sealed class ClusterJoinTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const string Joiner = "operator2";

    private readonly TempDirectory _dir = new("ledger-join");
    private readonly LiveNodes _nodes = new(Patience);
    private readonly Dictionary<string, (string Grpc, string Http, string Raft)> _members = new(StringComparer.Ordinal);
    private TransactionBuilder? _builder;

    public void Dispose()
    {
        _nodes.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_node_added_on_chain_joins_the_running_cluster_syncs_from_genesis_votes_and_stays_a_member_across_restarts()
    {
        var basePort = BasePort();
        foreach (var fields in await NodeProcess.InitNetworkAsync(_dir.Path, basePort))
        {
            _members[fields[0]] = (fields[1], fields[2], fields[3]);
        }

        _builder = new TransactionBuilder(Identity("manufacturer"), "ledger-local");
        foreach (var name in _members.Keys.ToArray())
        {
            await StartAsync(name);
        }

        await SubmitAsync("manufacturer", 4);
        await AssertSameChainAsync();

        // the fifth node: a second node of the operator, its certificate from the operator's CA
        var joined = (Grpc: $"https://127.0.0.1:{basePort + 4}", Http: $"http://127.0.0.1:{basePort + 14}", Raft: $"127.0.0.1:{basePort + 24}");
        var dataDir = Directory.CreateDirectory(Path.Combine(_dir.Path, "nodes", Joiner)).FullName;
        File.Copy(Path.Combine(_dir.Path, "nodes", "operator", "genesis.block"), Path.Combine(dataDir, "genesis.block"));
        using (var ca = IdentityDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "ca", "operator.ca.identity"))).ToAuthority())
        using (var certificate = ca.Issue("node-" + Joiner, "node", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), ["127.0.0.1", "::1", "localhost"]))
        {
            await File.WriteAllTextAsync(Path.Combine(dataDir, "node.identity"), IdentityDocument.From(certificate).ToJson());
        }

        var config = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "cluster.json")));
        var members = config.GetProperty("members").EnumerateArray().Select(m => (object)m).ToList();
        members.Add(new { id = Joiner, org = "operator", raft = joined.Raft, grpc = joined.Grpc });
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "cluster-" + Joiner + ".json"), JsonSerializer.Serialize(new { members }));
        _members[Joiner] = joined;

        // only the operator's admin may add it: a manufacturer's admin is refused
        var refused = await SubmitOnceAsync(_builder, "cluster", "AddMember", Args(joined));
        Assert.NotEqual("Valid", refused);
        var added = await SubmitOnceAsync(new TransactionBuilder(Identity("operator"), "ledger-local"), "cluster", "AddMember", Args(joined));
        Assert.Equal("Valid", added);

        await StartAsync(Joiner);
        await AssertSameChainAsync();
        await SubmitAsync(Joiner, 2);
        await AssertSameChainAsync();

        // it gathers the commit certificates of every block, from genesis on, from its peers
        var head = (await _nodes[Joiner].Client.StatusAsync(CancellationToken.None)).Height;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await _nodes[Joiner].Client.StatusAsync(CancellationToken.None)).CertifiedHeight < head && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var certificates = await _nodes[Joiner].Client.Ledger.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = 1, ToHeight = head });
        Assert.All(certificates.Certificates, c => Assert.True(c.Certified, $"block {c.Height} has no certificate on {Joiner}"));

        // it votes: two founding nodes down (the leader among them if it can be), three of five left commit
        var leader = await _nodes.LeaderAsync();
        foreach (var name in new[] { leader }.Concat(_nodes.Names.Where(n => n != leader && n != Joiner)).Where(n => n != Joiner).Take(2).ToArray())
        {
            _nodes.Kill(name);
        }

        await _nodes.LeaderAsync();
        await SubmitAsync(Joiner, 2);
        await AssertSameChainAsync();

        // every node restarts: the membership of five is on disk, the founding nodes' cluster.json still names four
        foreach (var name in _nodes.Names.ToArray())
        {
            _nodes.Kill(name);
        }

        foreach (var name in _members.Keys)
        {
            await StartAsync(name);
        }

        await _nodes.LeaderAsync();
        await SubmitAsync("customs", 2);
        await AssertSameChainAsync();
        // still a voting member of five after the restart: with two founding nodes down, the three left commit only with its vote
        foreach (var name in _nodes.Names.Where(n => n != Joiner).Take(2).ToArray())
        {
            _nodes.Kill(name);
        }

        await _nodes.LeaderAsync();
        await SubmitAsync(Joiner, 1);
        await AssertSameChainAsync();
    }

    private static string Args((string Grpc, string Http, string Raft) m) =>
        JsonSerializer.Serialize(new { id = Joiner, org = "operator", raft = m.Raft, grpc = m.Grpc });

    private SigningIdentity Identity(string org) =>
        IdentityDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "identities", org + ".identity"))).ToSigningIdentity();

    private static int BasePort()
    {
        while (true)
        {
            var candidate = ClusterTests.FreeBasePort();
            if (new[] { 4, 14, 24 }.All(o => ClusterTests.IsFree(candidate + o)))
            {
                return candidate;
            }
        }
    }

    private async Task StartAsync(string name)
    {
        var (grpc, http, _) = _members[name];
        var join = name == Joiner;
        var args = new List<string>
        {
            "--node-id", name, "--urls", grpc, "--http", http, "--Node:CreateDevConsortium=false",
            "--cluster", Path.Combine(_dir.Path, join ? $"cluster-{Joiner}.json" : "cluster.json"),
        };
        if (join)
        {
            args.AddRange(["--Cluster:Join", "true"]);
        }

        _nodes.Add(name, await NodeProcess.StartAsync(Path.Combine(_dir.Path, "nodes", name), StartTimeout, [.. args]));
    }

    /// <returns>The validation code of the committed transaction, or the status code of the refusal.</returns>
    private Task<string> SubmitOnceAsync(TransactionBuilder builder, string contract, string function, string args)
    {
        var (txId, tx) = builder.Build(contract, function, args);
        return _nodes.CommitAsync("operator", txId, tx);
    }

    private Task SubmitAsync(string name, int count) => _nodes.RegisterAsync(name, _builder!, count);

    /// <summary>Every live node reaches the same height, last block hash and state root, and holds the same blocks.</summary>
    private async Task AssertSameChainAsync()
    {
        var statuses = await _nodes.AgreedStatusesAsync();
        Assert.Single(LiveNodes.Heads(statuses).Distinct());
        Assert.True(statuses[0].Height > 0);
        for (ulong h = 0; h <= statuses[0].Height; h++)
        {
            var hashes = await Task.WhenAll(_nodes.All.Select(async n => Convert.ToHexString((await n.Client.GetBlockAsync(h, CancellationToken.None)).Encoded.Span)));
            Assert.Single(hashes.Distinct());
        }
    }
}
