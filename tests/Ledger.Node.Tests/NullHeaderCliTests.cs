using System.Text.Json.Nodes;
using Ledger.Cli;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary><c>ledger verify</c> of a proof file with a null header: one clear message and a non-zero exit, no stack trace.</summary>
public sealed class NullHeaderCliTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Verify_of_a_state_proof_with_a_null_header_fails_clearly()
    {
        using var dir = new TempDirectory();
        string[] node = ["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer")];
        var (exit, _, error) = await RunAsync([.. node, "submit", "-c", "equipment", "-f", "Register", "-a", "{\"pin\":\"NH-1\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}", "--wait"]);
        Assert.True(exit == 0, error);
        (exit, _, error) = await RunAsync([.. node, "genesis", "--out", dir.Combine("genesis.block")]);
        Assert.True(exit == 0, error);
        (exit, _, error) = await RunAsync([.. node, "proof", "state", "--contract", "equipment", "--key", "machine/NH1", "--out", dir.Combine("state.proof")]);
        Assert.True(exit == 0, error);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("state.proof")))!;
        json["headers"]![0] = null;
        await File.WriteAllTextAsync(dir.Combine("null.proof"), json.ToJsonString());

        (exit, var output, error) = await RunAsync("verify", dir.Combine("null.proof"), "--genesis", dir.Combine("genesis.block"));

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("proven", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.True(error.Contains("verification failed: encoding", StringComparison.Ordinal) || error.StartsWith("error: ", StringComparison.Ordinal), error);
    }
}
