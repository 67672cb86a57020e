using System.Globalization;
using System.Text;
using Ledger.Consensus.Raft;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;

namespace Ledger.Node.Hosting;

/// <summary>
/// <c>Ledger.Node init-network --dir DIR [--base-port P]</c>: the keys, genesis and cluster config of a
/// local four-org consortium (platform operator, manufacturer, customs, tax), one node per org, all
/// on loopback. Written once: an existing genesis is never replaced. Layout under DIR:
/// <c>identities/&lt;org&gt;.identity</c> (each org's admin), <c>ca/</c>, <c>genesis.block</c>,
/// <c>consortium.json</c>, <c>cluster.json</c>, <c>nodes.tsv</c> (name, gRPC URL, HTTP URL, Raft
/// endpoint) and per node <c>nodes/&lt;org&gt;/</c> (its data folder) with <c>genesis.block</c> and
/// <c>node.identity</c> (its TLS certificate for Raft, from its org's CA).
/// </summary>
public static class LocalNetwork
{
    public const string Command = "init-network";

    public static IReadOnlyList<(string Id, string Name, string Role, bool Founding)> Orgs { get; } =
    [
        ("operator", "Platform operator (FTZ Changsha area)", "operator", true),
        ("manufacturer", "Manufacturer (OEM)", "manufacturer", false),
        ("customs", "Customs", "customs", true),
        ("tax", "Tax authority", "tax", true),
    ];

    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? dir = null;
        var basePort = 7150;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--dir" when value is not null:
                    dir = value;
                    i++;
                    break;
                case "--base-port" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65500:
                    basePort = port;
                    i++;
                    break;
                default:
                    error.WriteLine($"error: unknown or incomplete argument '{args[i]}': {Command} takes --dir DIR and --base-port PORT (1 to 65499)");
                    return 2;
            }
        }

        if (dir is null)
        {
            error.WriteLine($"error: {Command} needs --dir DIR");
            return 2;
        }

        dir = Path.GetFullPath(dir);
        if (File.Exists(Path.Combine(dir, DevConsortium.GenesisFile)))
        {
            output.WriteLine($"{dir} holds a network already; nothing changed");
            return 0;
        }

        Directory.CreateDirectory(dir);
        var genesis = DevConsortium.Create(dir, "ledger-local", ConsortiumLimits.DefaultMaxTransactionBytes, DateTimeOffset.UtcNow, Orgs, "operator", Orgs.Select(o => o.Id).ToArray());
        var members = new List<ClusterMember>();
        var table = new StringBuilder();
        for (var i = 0; i < Orgs.Count; i++)
        {
            var org = Orgs[i].Id;
            var grpc = $"https://127.0.0.1:{basePort + i}";
            var http = $"http://127.0.0.1:{basePort + 10 + i}";
            var raft = $"127.0.0.1:{basePort + 20 + i}";
            members.Add(new ClusterMember(org, org, raft, grpc));
            table.Append(CultureInfo.InvariantCulture, $"{org}\t{grpc}\t{http}\t{raft}\n");
            var nodeDir = Directory.CreateDirectory(Path.Combine(dir, "nodes", org)).FullName;
            File.WriteAllBytes(Path.Combine(nodeDir, DevConsortium.GenesisFile), genesis.Encode());

            // the node's identity for TLS and attestations, from its org's CA (OU "node")
            DevConsortium.IssueNodeIdentity(dir, org, "node-" + org, Path.Combine(nodeDir, DevConsortium.NodeIdentityFile), DateTimeOffset.UtcNow);
        }

        File.WriteAllText(Path.Combine(dir, "cluster.json"), new ClusterConfig(members).ToJson());
        File.WriteAllText(Path.Combine(dir, "nodes.tsv"), table.ToString());
        output.WriteLine($"created a {Orgs.Count}-org network in {dir}: genesis {genesis.Hash.ToHex()}");
        return 0;
    }
}
