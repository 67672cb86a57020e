using Ledger.Client;
using Ledger.Core.Identity;
using Ledger.Node.Hosting;
using Ledger.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Node.Tests;

/// <summary>A real node in this process: Kestrel on a loopback port chosen by the OS, RocksDB in a temp folder.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedDirectory;

    private TestNode(WebApplication app, string dataDirectory, string address, TempDirectory? owned)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        _ownedDirectory = owned;
        Client = new LedgerClient(address, address.StartsWith("https://", StringComparison.Ordinal) ? Trust : null);
    }

    /// <summary>The consortium's CAs, from the genesis the node wrote (what a client of a TLS node trusts).</summary>
    public ConsortiumTrust Trust => ConsortiumTrust.Load(Path.Combine(DataDirectory, DevConsortium.GenesisFile));

    public string DataDirectory { get; }

    public string Address { get; }

    /// <summary>The health, readiness and metrics endpoint.</summary>
    public string HttpAddress => Services.GetRequiredService<NodeEndpoints>().HttpAddress!;

    public LedgerClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string IdentityFile(string org) => Path.Combine(DataDirectory, "identities", $"{org}.identity");

    public string AdminIdentityFile => Path.Combine(DataDirectory, DevConsortium.AdminIdentityFile);

    public SigningIdentity Identity(string org) => IdentityDocument.Parse(File.ReadAllText(IdentityFile(org))).ToSigningIdentity();

    /// <summary>Starts a node; without a folder, in a fresh temp folder deleted on dispose.</summary>
    public static async Task<TestNode> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        var owned = dataDirectory is null ? new TempDirectory("ledger-node") : null;
        var dir = dataDirectory ?? owned!.Path;
        var app = LedgerNodeApp.Build(["--data", dir, "--urls", "http://127.0.0.1:0", "--http", "http://127.0.0.1:0", "--Ordering:MaxWaitMs=5", .. extraArgs]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<NodeEndpoints>().GrpcAddresses[0];
        return new TestNode(app, dir, address, owned);
    }

    public async Task<TransactionBuilder> BuilderAsync(string org)
    {
        var status = await Client.StatusAsync(CancellationToken.None);
        return new TransactionBuilder(Identity(org), status.ChainId);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
