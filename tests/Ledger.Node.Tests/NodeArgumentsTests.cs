using Ledger.Node.Hosting;

namespace Ledger.Node.Tests;

/// <summary>The node refuses arguments the configuration would otherwise ignore without a word.</summary>
public sealed class NodeArgumentsTests
{
    [Theory]
    [InlineData("--data", "/tmp/x", "--node-id", "n1", "--urls", "http://127.0.0.1:0")]
    [InlineData("--data=/tmp/x", "--Ordering:MaxWaitMs=5")]
    [InlineData("--Ordering:MaxTransactions", "100")]
    [InlineData("--Data", "/tmp/x", "--http_ports", "8080")]
    public void Known_switches_and_settings_are_taken(params string[] args) => LedgerNodeApp.CheckArguments(args);

    [Theory]
    [InlineData("unknown argument '--listen'", "--listen", "http://127.0.0.1:7061")]
    [InlineData("unknown argument 'data'", "data")]
    [InlineData("unknown argument '--dta'", "--dta", "/tmp/x")]
    [InlineData("argument '--data' needs a value", "--data")]
    [InlineData("argument '--node-id' needs a value", "--node-id", "--data", "/tmp/x")]
    public void A_misspelt_or_valueless_switch_is_refused_by_name(string expected, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => LedgerNodeApp.CheckArguments(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_cluster_config_and_a_missing_node_identity_are_refused_by_name()
    {
        using var dir = new Ledger.TestKit.TempDirectory();
        var missing = Path.Combine(dir.Path, "none.json");
        var e = Assert.Throws<FormatException>(() => LedgerNodeApp.Build(["--data", dir.Path, "--cluster", missing]));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);

        var cluster = Path.Combine(dir.Path, "cluster.json");
        File.WriteAllText(cluster, new Ledger.Consensus.Raft.ClusterConfig([new("n1", "operator", "127.0.0.1:7170", "http://127.0.0.1:7150")]).ToJson());
        e = Assert.Throws<FormatException>(() => LedgerNodeApp.Build(["--data", dir.Path, "--cluster", cluster, "--node-id", "n2"]));
        Assert.Contains("no member 'n2'", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<FormatException>(() => LedgerNodeApp.Build(["--data", dir.Path, "--cluster", cluster, "--node-id", "n1"]));
        Assert.Contains("node.identity", e.Message, StringComparison.Ordinal);

        File.WriteAllText(cluster, "{\"members\":[{\"id\":\"n1\",\"org\":\"operator\",\"raft\":\"nowhere\",\"grpc\":\"http://127.0.0.1:7150\"}]}");
        e = Assert.Throws<FormatException>(() => LedgerNodeApp.Build(["--data", dir.Path, "--cluster", cluster, "--node-id", "n1"]));
        Assert.Contains("Raft endpoint", e.Message, StringComparison.Ordinal);
    }
}
