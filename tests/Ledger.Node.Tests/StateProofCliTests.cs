using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Cli;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary><c>ledger proof state</c> and <c>ledger verify</c> end to end: against a real node in process, then offline.</summary>
public sealed class StateProofCliTests : IAsyncLifetime
{
    private const string Register = "{\"pin\":\"SANY-SY215C-0001\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}";
    private const string MachineKey = "machine/SANYSY215C0001";

    private TestNode _node = null!;
    private TempDirectory _dir = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync();
        _dir = new TempDirectory();
    }

    public async Task DisposeAsync()
    {
        _dir.Dispose();
        await _node.DisposeAsync();
    }

    private string Genesis => _dir.Combine("genesis.block");

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer"), .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Offline: no --node and no --identity.</summary>
    private static async Task<(int Exit, string Out, string Err)> VerifyAsync(string file, string genesis)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["verify", file, "--genesis", genesis], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task RegisterAndFetchGenesisAsync()
    {
        var (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        Assert.True(exit == 0, error);
        (exit, _, error) = await RunAsync("genesis", "--out", Genesis);
        Assert.True(exit == 0, error);
    }

    private async Task<string> ProveAsync(string key, string name, params string[] extra)
    {
        var file = _dir.Combine(name);
        var (exit, output, error) = await RunAsync(["proof", "state", "--contract", "equipment", "--key", key, "--out", file, .. extra]);
        Assert.True(exit == 0, error);
        Assert.Contains($"wrote {file}: equipment/{key}", output, StringComparison.Ordinal);
        return file;
    }

    [Fact]
    public async Task A_state_proof_of_a_registered_machine_verifies_offline_and_says_its_value()
    {
        await RegisterAndFetchGenesisAsync();

        var file = await ProveAsync(MachineKey, "machine.proof");
        var (exit, output, error) = await VerifyAsync(file, Genesis);

        Assert.True(exit == 0, error);
        Assert.Contains($"proven: equipment/{MachineKey} = {{\"id\":\"SANYSY215C0001\"", output, StringComparison.Ordinal);
        Assert.Contains("after block 1", output, StringComparison.Ordinal);
        Assert.Equal("ledger.state-proof/1", JsonNode.Parse(await File.ReadAllTextAsync(file))!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_state_proof_of_an_absent_key_verifies_offline_and_says_it_has_no_value()
    {
        await RegisterAndFetchGenesisAsync();

        var file = await ProveAsync("machine/NOSUCH", "absent.proof");
        var (exit, output, error) = await VerifyAsync(file, Genesis);

        Assert.True(exit == 0, error);
        Assert.Contains("proven: equipment/machine/NOSUCH has no value after block 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_proof_at_height_zero_shows_the_machine_absent_before_it_was_registered()
    {
        await RegisterAndFetchGenesisAsync();

        var file = await ProveAsync(MachineKey, "genesis.proof", "--height", "0");
        var (exit, output, error) = await VerifyAsync(file, Genesis);

        Assert.True(exit == 0, error);
        Assert.Contains($"proven: equipment/{MachineKey} has no value after block 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_file_with_a_flipped_value_fails_verification_naming_the_check()
    {
        await RegisterAndFetchGenesisAsync();
        var file = await ProveAsync(MachineKey, "machine.proof");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var value = Convert.FromBase64String(json["value"]!.GetValue<string>());
        value[5] ^= 0x01;
        json["value"] = Convert.ToBase64String(value);
        var tampered = _dir.Combine("tampered.proof");
        await File.WriteAllTextAsync(tampered, json.ToJsonString());

        var (exit, output, error) = await VerifyAsync(tampered, Genesis);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("proven", output, StringComparison.Ordinal);
        Assert.Contains("verification failed: value-does-not-match-leaf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_present_proof_claimed_as_absent_fails_verification_naming_the_check()
    {
        await RegisterAndFetchGenesisAsync();
        var file = await ProveAsync(MachineKey, "machine.proof");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        json["present"] = false;
        json["value"] = null;
        var tampered = _dir.Combine("tampered.proof");
        await File.WriteAllTextAsync(tampered, json.ToJsonString());

        var (exit, _, error) = await VerifyAsync(tampered, Genesis);

        Assert.NotEqual(0, exit);
        Assert.Contains("verification failed: absence-proof-ends-at-the-key's-own-leaf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_json_reports_the_failed_check()
    {
        await RegisterAndFetchGenesisAsync();
        var file = await ProveAsync(MachineKey, "machine.proof");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        json["height"] = 7;
        var tampered = _dir.Combine("tampered.proof");
        await File.WriteAllTextAsync(tampered, json.ToJsonString());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["verify", tampered, "--genesis", Genesis, "--json"], output, error);

        Assert.NotEqual(0, exit);
        var result = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal("height", result.GetProperty("check").GetString());
    }

    [Fact]
    public async Task Proof_state_of_an_unknown_contract_fails_clearly_and_writes_nothing()
    {
        var file = _dir.Combine("nope.proof");

        var (exit, _, error) = await RunAsync("proof", "state", "--contract", "nope", "--key", MachineKey, "--out", file);

        Assert.NotEqual(0, exit);
        Assert.Contains("NotFound (CONTRACT_NOT_FOUND)", error, StringComparison.Ordinal);
        Assert.Contains("no contract 'nope'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Proof_state_beyond_the_head_fails_clearly_and_writes_nothing()
    {
        var file = _dir.Combine("future.proof");

        var (exit, _, error) = await RunAsync("proof", "state", "--contract", "equipment", "--key", MachineKey, "--height", "5", "--out", file);

        Assert.NotEqual(0, exit);
        Assert.Contains("NotFound (BLOCK_NOT_FOUND)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Proof_state_without_a_key_is_a_usage_error()
    {
        var (exit, _, error) = await RunAsync("proof", "state", "--contract", "equipment", "--out", _dir.Combine("x.proof"));

        Assert.NotEqual(0, exit);
        Assert.Contains("--key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_a_file_of_an_unknown_kind_fails_clearly()
    {
        await RegisterAndFetchGenesisAsync();
        var file = _dir.Combine("other.proof");
        await File.WriteAllTextAsync(file, "{\"kind\":\"ledger.state-proof/9\"}");

        var (exit, output, error) = await VerifyAsync(file, Genesis);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("proven", output, StringComparison.Ordinal);
        Assert.Contains("not a proof file", error, StringComparison.Ordinal);
    }
}
