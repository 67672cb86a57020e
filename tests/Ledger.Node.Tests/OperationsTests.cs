using System.Net;
using System.Text.Json;
using Ledger.Cli;
using Ledger.Node.Hosting;

namespace Ledger.Node.Tests;

/// <summary>Liveness, readiness and Prometheus metrics on the node's HTTP/1.1 endpoint.</summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private TestNode _node = null!;
    private readonly HttpClient _http = new() { DefaultRequestVersion = HttpVersion.Version11 };

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_over_http_1_1_and_readiness_reports_the_height()
    {
        using var live = await _http.GetAsync(new Uri(_node.HttpAddress + "/healthz"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(new Version(1, 1), live.Version);

        using var ready = await _http.GetAsync(new Uri(_node.HttpAddress + "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(0UL, body.RootElement.GetProperty("height").GetUInt64());
        Assert.Equal(_node.HttpAddress, (await File.ReadAllTextAsync(Path.Combine(_node.DataDirectory, "node.http"))).Trim());
    }

    [Fact]
    public async Task Metrics_follow_commits_and_refusals()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(
            ["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer"), "submit", "--contract", "equipment", "--function", "Register", "--wait",
             "--args", "{\"pin\":\"SANY-1\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}"],
            output,
            error);
        Assert.True(exit == 0, error.ToString());
        exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer"), "submit", "--contract", "nothing", "--function", "X"], output, error);
        Assert.NotEqual(0, exit);

        var metrics = await _http.GetStringAsync(new Uri(_node.HttpAddress + "/metrics"));

        Assert.Contains("ledger_block_height 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_blocks_committed_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_transactions_committed_total{code=\"Valid\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_transactions_refused_total{code=\"UnknownContract\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_commit_latency_seconds_count 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_mempool_size 0", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_committed_tx_per_second", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://example.org:80")]
    [InlineData("http://127.0.0.1:70000")]
    public void A_bad_endpoint_url_is_refused_by_name(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => NodeEndpoints.Parse(url));
        Assert.Contains(url, e.Message, StringComparison.Ordinal);
    }
}
