using System.Diagnostics;
using Ledger.Client;
using Ledger.TestKit;

namespace Ledger.IntegrationTests;

/// <summary>A node as its own OS process (the built Ledger.Node.dll), so it can be killed with SIGKILL.</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, string address, string dataDirectory)
    {
        _process = process;
        Address = address;

        // a TLS node is trusted as a client trusts it: by the consortium's CAs in its genesis
        Client = new LedgerClient(address, address.StartsWith("https://", StringComparison.Ordinal) ? ConsortiumTrust.Load(Path.Combine(dataDirectory, "genesis.block")) : null);
    }

    public string Address { get; }

    public LedgerClient Client { get; }

    public static string NodeAssembly
    {
        get
        {
            // the same configuration as these tests (bin/<Configuration>/net10.0)
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(Repository.Root, "node", "Ledger.Node", "bin", configuration, "net10.0", "Ledger.Node.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build node/Ledger.Node first", path);
        }
    }

    /// <summary>Runs <c>Ledger.Node init-network</c> into <paramref name="dir"/> and returns the lines of its <c>nodes.tsv</c>, split into fields.</summary>
    public static async Task<IReadOnlyList<string[]>> InitNetworkAsync(string dir, int basePort)
    {
        using var init = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { NodeAssembly, "init-network", "--dir", dir, "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await init.WaitForExitAsync();
        Assert.Equal(0, init.ExitCode);
        return (await File.ReadAllLinesAsync(Path.Combine(dir, "nodes.tsv"))).Select(l => l.Split('\t')).ToArray();
    }

    /// <summary>Environment variables that override a node's GC settings (a lone test node runs with the shipped ones).</summary>
    public static readonly string[] GcVariables = ["DOTNET_GCDynamicAdaptationMode", "DOTNET_gcServer", "DOTNET_gcConcurrent", "DOTNET_GCgen0size", "DOTNET_GCHeapCount"];

    public static async Task<NodeProcess> StartAsync(string dataDirectory, TimeSpan timeout, params string[] extraArgs)
    {
        var urls = Path.Combine(dataDirectory, "node.urls");
        File.Delete(urls);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { NodeAssembly, "--data", dataDirectory, "--urls", "http://127.0.0.1:0", "--http", "http://127.0.0.1:0", "--Ordering:MaxWaitMs=5" },
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // the nodes of a cluster test share the machine, as network/up.sh's do: DATAS sizes their heaps
        // for that (a node alone keeps its shipped default)
        if (extraArgs.Contains("--cluster"))
        {
            start.Environment["DOTNET_GCDynamicAdaptationMode"] = "1";
        }
        else
        {
            foreach (var variable in GcVariables)
            {
                start.Environment.Remove(variable);
            }
        }

        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with code {process.ExitCode}");
            }

            if (File.Exists(urls) && (await File.ReadAllLinesAsync(urls)).FirstOrDefault(l => l.Length > 0) is { } address)
            {
                try
                {
                    return new NodeProcess(process, address, dataDirectory);
                }
                catch
                {
                    // no client, no owner: the process must not outlive the test
                    process.Kill(entireProcessTree: true);
                    throw;
                }
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the node did not start in time");
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public bool HasExited => _process.HasExited;

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
