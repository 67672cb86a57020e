using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ledger.TestKit;

namespace Ledger.IntegrationTests;

/// <summary>network/up.sh, status.sh and down.sh as a user runs them, on a network in a temp folder and free ports.</summary>
public sealed class NetworkScriptsTests : IDisposable
{
    private readonly TempDirectory _dir = new("ledger-network");
    private readonly int _basePort = ClusterTests.FreeBasePort();

    public void Dispose()
    {
        // never leave nodes behind, whatever failed
        _ = Run("down.sh");
        _dir.Dispose();
    }

    [Fact]
    public async Task Up_starts_four_nodes_that_elect_a_leader_status_reports_them_and_down_stops_exactly_them()
    {
        var (exit, output) = Run("up.sh");
        Assert.True(exit == 0, output);
        foreach (var org in new[] { "operator", "manufacturer", "customs", "tax" })
        {
            Assert.True(File.Exists(Path.Combine(_dir.Path, "identities", org + ".identity")), org);
        }

        JsonElement[] nodes = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            (exit, output) = Run("status.sh", "--json");
            Assert.True(exit == 0, output);
            nodes = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
            if (nodes.Count(n => n.GetProperty("role").GetString() == "leader") == 1 && nodes.Count(n => n.GetProperty("role").GetString() == "follower") == 3)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(["operator", "manufacturer", "customs", "tax"], nodes.Select(n => n.GetProperty("name").GetString()!));
        Assert.Single(nodes, n => n.GetProperty("role").GetString() == "leader");
        Assert.All(nodes, n => Assert.Equal(JsonValueKind.Number, n.GetProperty("pid").ValueKind));
        Assert.Single(nodes.Select(n => n.GetProperty("lastBlockHash").GetString()).Distinct());
        Assert.All(nodes, n => Assert.StartsWith("https://127.0.0.1:", n.GetProperty("url").GetString(), StringComparison.Ordinal));
        var pids = nodes.Select(n => n.GetProperty("pid").GetInt32()).ToArray();

        // nodes sharing the machine run with DATAS, which up.sh asks for (server GC only: not on one CPU)
        Assert.Contains(Environment.ProcessorCount > 1 ? "(DATAS) on" : "(DATAS) off", await NodeLogs.ReadAsync(Path.Combine(_dir.Path, "nodes", "operator")), StringComparison.Ordinal);

        // again: everything runs, nothing new starts
        (exit, output) = Run("up.sh");
        Assert.True(exit == 0, output);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("is running", StringComparison.Ordinal)));

        // one node dies: up.sh starts exactly that one, and it rejoins
        var tax = Process.GetProcessById(pids[3]);
        tax.Kill();
        await tax.WaitForExitAsync();
        (exit, output) = Run("up.sh");
        Assert.True(exit == 0, output);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("is running", StringComparison.Ordinal)));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("tax started", StringComparison.Ordinal));
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            (_, output) = Run("status.sh", "--json");
            nodes = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
            if (nodes[3].GetProperty("role").GetString() is "follower" or "leader")
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.NotEqual(pids[3], nodes[3].GetProperty("pid").GetInt32());
        Assert.Equal(pids[..3], nodes.Take(3).Select(n => n.GetProperty("pid").GetInt32()));
        pids = nodes.Select(n => n.GetProperty("pid").GetInt32()).ToArray();

        (exit, output) = Run("down.sh");
        Assert.True(exit == 0, output);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("stopped", StringComparison.Ordinal)));
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/status").Contains("zombie", StringComparison.Ordinal), $"process {pid} still runs"));
        (exit, output) = Run("status.sh", "--json");
        Assert.All(JsonDocument.Parse(output).RootElement.EnumerateArray(), n => Assert.Equal("down", n.GetProperty("role").GetString()));
    }

    private (int Exit, string Output) Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "network", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LEDGER_NETWORK_DIR"] = _dir.Path;
        foreach (var variable in NodeProcess.GcVariables)
        {
            start.Environment.Remove(variable); // up.sh's own GC settings, whatever this process has
        }

        start.Environment["LEDGER_BASE_PORT"] = _basePort.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
