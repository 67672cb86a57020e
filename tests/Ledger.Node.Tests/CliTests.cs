using System.Text.Json;
using Ledger.Cli;
using Ledger.Core;
using Ledger.Core.Identity;
using Ledger.Node.Hosting;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary>The <c>ledger</c> command against a real node, in process, with the shapes scripts rely on.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private const string Register = "{\"pin\":\"SANY-SY215C-0001\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}";

    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer"), .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync([.. args, "--json"]);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public async Task Status_json_has_chain_id_height_and_last_block_hash()
    {
        var status = await JsonAsync("status");

        Assert.Equal("ledger-dev", status.GetProperty("chainId").GetString());
        Assert.Equal(0UL, status.GetProperty("height").GetUInt64());
        Assert.Equal(64, status.GetProperty("lastBlockHash").GetString()!.Length);
    }

    [Fact]
    public async Task Submit_wait_json_reports_txid_height_and_status_then_query_returns_the_record()
    {
        var submitted = await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");

        Assert.Equal(64, submitted.GetProperty("txId").GetString()!.Length);
        Assert.Equal(1UL, submitted.GetProperty("height").GetUInt64());
        Assert.Equal("Valid", submitted.GetProperty("status").GetString());

        var record = await JsonAsync("query", "--contract", "equipment", "--function", "Get", "--args", "{\"id\":\"SANYSY215C0001\"}");
        Assert.Equal("SANYSY215C0001", record.GetProperty("id").GetString());
        Assert.Equal("manufacturer", record.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_rejected_submission_prints_its_rejection_code_and_exits_non_zero()
    {
        await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");

        var (exit, output, _) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait", "--json");

        Assert.NotEqual(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("ContractRejected", json.GetProperty("status").GetString());
        Assert.Equal("DUPLICATE_IDENTITY", json.GetProperty("reasonCode").GetString());
    }

    [Fact]
    public async Task Block_json_has_header_fields_hash_and_previous_hash()
    {
        var submitted = await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        var genesis = await JsonAsync("block", "--height", "0");

        var block = await JsonAsync("block", "--height", "1");

        Assert.Equal(1UL, block.GetProperty("height").GetUInt64());
        Assert.Equal(genesis.GetProperty("hash").GetString(), block.GetProperty("previousHash").GetString());
        Assert.Equal(64, block.GetProperty("hash").GetString()!.Length);
        Assert.Equal(64, block.GetProperty("txRoot").GetString()!.Length);
        Assert.Equal(64, block.GetProperty("stateRoot").GetString()!.Length);
        Assert.Equal(submitted.GetProperty("txId").GetString(), block.GetProperty("transactions")[0].GetProperty("txId").GetString());
    }

    [Fact]
    public async Task Tx_shows_the_transaction_and_a_verified_inclusion_proof()
    {
        var submitted = await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");

        var tx = await JsonAsync("tx", submitted.GetProperty("txId").GetString()!);

        Assert.Equal("Register", tx.GetProperty("function").GetString());
        Assert.True(tx.GetProperty("proof").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Human_readable_output_names_what_it_shows()
    {
        var (exit, output, _) = await RunAsync("status");

        Assert.Equal(0, exit);
        Assert.Contains("chain      ledger-dev", output, StringComparison.Ordinal);
        Assert.Contains("height     0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_arguments_fail_with_the_nodes_reason_and_a_non_zero_exit()
    {
        var (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", "{oops", "--wait");

        Assert.NotEqual(0, exit);
        Assert.Contains("InvalidArgument", error, StringComparison.Ordinal);
        Assert.Contains("arguments", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_identity_file_is_a_clear_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", "/nonexistent/x.identity", "status"], output, error);
        Assert.Equal(0, exit);

        exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", "/nonexistent/x.identity", "submit", "-c", "equipment", "-f", "Get"], output, error);
        Assert.NotEqual(0, exit);
        Assert.Contains("identity file '/nonexistent/x.identity' does not exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_node_is_a_clear_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["--node", "http://127.0.0.1:1", "status"], output, error);

        Assert.NotEqual(0, exit);
        Assert.Contains("cannot reach the node at http://127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_node_address_and_a_missing_option_are_usage_errors()
    {
        var (exit, _, error) = await RunAsync("block");
        Assert.NotEqual(0, exit);
        Assert.Contains("--height", error, StringComparison.Ordinal);

        using var output = new StringWriter();
        using var err = new StringWriter();
        exit = await CliApp.RunAsync(["--node", "not a url", "status"], output, err);
        Assert.NotEqual(0, exit);
        Assert.Contains("not an http:// or https:// node address", err.ToString(), StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("submit", "--function", "Register");
        Assert.NotEqual(0, exit);
        Assert.Contains("--contract", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_issue_makes_a_node_identity_that_names_its_hosts_and_refuses_one_without()
    {
        using var dir = new TempDirectory();
        var ca = Path.Combine(_node.DataDirectory, "ca", "customs.ca.identity");
        var file = dir.Combine("node.identity");
        var (exit, _, error) = await RunAsync("keys", "issue", "--ca", ca, "--name", "node-customs-2", "--role", "node", "--host", "127.0.0.1", "--host", "localhost", "--out", file);
        Assert.True(exit == 0, error);

        using var identity = Ledger.Core.Identity.IdentityDocument.Parse(await File.ReadAllTextAsync(file)).ToSigningIdentity();
        Assert.Equal("node", identity.Certificate.MemberRole);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(identity.Certificate.Der);
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.False(certificate.MatchesHostname("example.org"));

        (exit, _, error) = await RunAsync("keys", "issue", "--ca", ca, "--name", "n", "--role", "node", "--out", dir.Combine("other.identity"));
        Assert.Equal(1, exit);
        Assert.Contains("--role node needs --host", error, StringComparison.Ordinal);
        (exit, _, error) = await RunAsync("keys", "issue", "--ca", ca, "--name", "n", "--role", "node", "--host", "bad host!", "--out", dir.Combine("other.identity"));
        Assert.Equal(1, exit);
        Assert.Contains("is not an IP address or DNS name", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("other.identity")));
    }

    [Fact]
    public async Task Keys_issue_creates_a_member_identity_the_node_accepts_and_keys_show_describes_it()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("clerk.identity");
        var (exit, _, error) = await RunAsync("keys", "issue", "--ca", Path.Combine(_node.DataDirectory, "ca", "manufacturer.ca.identity"), "--name", "clerk", "--out", file);
        Assert.True(exit == 0, error);

        using var output = new StringWriter();
        using var err = new StringWriter();
        exit = await CliApp.RunAsync(["--identity", file, "keys", "show", "--json"], output, err);
        Assert.Equal(0, exit);
        var shown = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("manufacturer", shown.GetProperty("org").GetString());
        Assert.Equal("clerk", shown.GetProperty("name").GetString());
        var certificate = shown.GetProperty("certificate").GetString()!;
        Assert.Equal(shown.GetProperty("certificateHash").GetString(), Ledger.Core.Identity.MemberCertificate.IdentityHash(Convert.FromBase64String(certificate)).ToHex());

        output.GetStringBuilder().Clear();
        exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", file, "submit", "-c", "equipment", "-f", "Register", "-a", Register, "--wait", "--json"], output, err);
        Assert.True(exit == 0, err.ToString());
        Assert.Equal("manufacturer", JsonDocument.Parse(output.ToString()).RootElement.GetProperty("result").GetProperty("owner").GetString());

        // the manufacturer's admin revokes the clerk with the certificate keys show printed; the clerk is then refused
        output.GetStringBuilder().Clear();
        exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile("manufacturer"), "submit", "-c", "identity", "-f", "Revoke", "-a", $"{{\"certificate\":\"{certificate}\"}}", "--wait", "--json"], output, err);
        Assert.True(exit == 0, err.ToString() + output);
        using var refused = new StringWriter();
        exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", file, "submit", "-c", "equipment", "-f", "Register", "-a", Register.Replace("0001", "0009", StringComparison.Ordinal), "--wait"], new StringWriter(), refused);
        Assert.NotEqual(0, exit);
        Assert.Contains("PermissionDenied", refused.ToString(), StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("keys", "issue", "--ca", Path.Combine(_node.DataDirectory, "ca", "manufacturer.ca.identity"), "--name", "again", "--out", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("exists already", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_prints_blocks_from_a_height()
    {
        await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");

        var (exit, output, error) = await RunAsync("stream", "--from", "0", "--count", "2", "--json");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(1UL, JsonDocument.Parse(lines[1]).RootElement.GetProperty("height").GetUInt64());
    }

    [Fact]
    public async Task Bench_commits_every_presigned_transaction_and_reports_the_figures()
    {
        var bench = await JsonAsync("bench", "--count", "300", "--batch", "50", "--concurrency", "2");

        Assert.Equal(300, bench.GetProperty("committed").GetInt32());
        Assert.Equal(300, bench.GetProperty("valid").GetInt32());
        Assert.True(bench.GetProperty("committedTxPerSecond").GetDouble() > 0);
        Assert.True(bench.GetProperty("p99LatencyMs").GetDouble() >= bench.GetProperty("p50LatencyMs").GetDouble());
        Assert.True(bench.GetProperty("blocks").GetInt64() >= 1);

        // the node's store after the run, and its growth over the run (any sign: RocksDB deletes flushed logs)
        Assert.True(bench.GetProperty("diskBytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, bench.GetProperty("diskGrowthBytesPerTx").ValueKind);
    }

    [Fact]
    public async Task The_registration_the_node_suggests_when_it_starts_commits_as_valid()
    {
        var text = await NodeLogs.ReadAsync(_node.DataDirectory);

        // (nodes of other tests in this process may log here too: the line of this node's address)
        var suggested = text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ledger submit", StringComparison.Ordinal) && l.Contains("--function Register", StringComparison.Ordinal));
        Assert.StartsWith($"ledger submit --node {_node.Address} ", suggested, StringComparison.Ordinal);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(ShellWords.Split(suggested)[1..], output, error);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains("status Valid", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_says_at_start_up_which_sha256_and_ecdsa_it_uses()
    {
        var text = await NodeLogs.ReadAsync(_node.DataDirectory);

        var line = text.Split('\n').First(l => l.Contains("Cryptography: SHA-256 by", StringComparison.Ordinal));
        Assert.Contains(Sha256.Implementation, line, StringComparison.Ordinal);
        Assert.Contains(SignatureVerifier.IsDirectOpenSsl ? "straight through OpenSSL" : "System.Security.Cryptography.ECDsa", line, StringComparison.Ordinal);
        Assert.Contains(SignatureVerifier.HasFixedBaseTables ? "precomputed multiples on" : "precomputed multiples off", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_says_at_start_up_how_it_collects_garbage()
    {
        var text = await NodeLogs.ReadAsync(_node.DataDirectory);

        var line = text.Split('\n').First(l => l.Contains("Garbage collection: ", StringComparison.Ordinal));
        Assert.Contains($"Garbage collection: {GarbageCollection.Kind}; dynamic adaptation to the application's size (DATAS) {(GarbageCollection.IsDatasOn ? "on" : "off")}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nodes_runtime_config_asks_for_server_gc_without_datas()
    {
        // what Ledger.Node.csproj writes for the node's process (tests run in their own host)
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger.Node.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }

    [Fact]
    public async Task Bench_with_an_identity_whose_registrations_are_rejected_fails_and_says_why()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // customs may not register equipment: every transaction commits, rejected by the contract
        var exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile("customs"), "bench", "--count", "20", "--batch", "10", "--concurrency", "1"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("ContractRejected: 20", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("only 0 of 20 transactions were valid", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_proof_written_by_the_cli_verifies_offline_and_a_tampered_one_names_its_check()
    {
        using var dir = new TempDirectory();
        var submitted = await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        await JsonAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register.Replace("0001", "0002", StringComparison.Ordinal), "--wait");
        var txId = submitted.GetProperty("txId").GetString()!;
        var (exit, _, error) = await RunAsync("genesis", "--out", dir.Combine("genesis.block"));
        Assert.True(exit == 0, error);
        (exit, _, error) = await RunAsync("proof", "tx", txId, "--out", dir.Combine("tx.proof"));
        Assert.True(exit == 0, error);

        // offline: no --node is needed
        using var output = new StringWriter();
        using var err = new StringWriter();
        exit = await CliApp.RunAsync(["verify", dir.Combine("tx.proof"), "--genesis", dir.Combine("genesis.block")], output, err);
        Assert.True(exit == 0, err.ToString());
        Assert.Contains($"proven: transaction {txId} is in block 1", output.ToString(), StringComparison.Ordinal);

        var tampered = (await File.ReadAllTextAsync(dir.Combine("tx.proof"))).Replace("\"leafIndex\": 0", "\"leafIndex\": 1", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir.Combine("tampered.proof"), tampered);
        using var err2 = new StringWriter();
        exit = await CliApp.RunAsync(["verify", dir.Combine("tampered.proof"), "--genesis", dir.Combine("genesis.block")], new StringWriter(), err2);
        Assert.NotEqual(0, exit);
        Assert.Contains("verification failed: leaf-index", err2.ToString(), StringComparison.Ordinal);

        using var err3 = new StringWriter();
        exit = await CliApp.RunAsync(["verify", dir.Combine("tx.proof"), "--genesis", dir.Combine("tx.proof")], new StringWriter(), err3);
        Assert.NotEqual(0, exit);
        Assert.Contains("verification failed: genesis", err3.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_ranges_out_of_bounds_are_refused_clearly()
    {
        using var client = new global::Ledger.Client.LedgerClient(_node.Address);

        var tooFar = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.GetHeadersAsync(1, 5, CancellationToken.None));
        var reversed = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.Ledger.GetHeadersAsync(new global::Ledger.Protos.V1.GetHeadersRequest { FromHeight = 3, ToHeight = 1 }).ResponseAsync);

        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, tooFar.StatusCode);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, reversed.StatusCode);
        Assert.Single(await client.GetHeadersAsync(0, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Args_from_a_file_are_read_by_the_cli_and_a_missing_file_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "register.json");
        await File.WriteAllTextAsync(file, Register);

        var (exit, output, error) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", "@" + file, "--wait", "--json");
        Assert.True(exit == 0, error);
        Assert.Equal("Valid", JsonDocument.Parse(output).RootElement.GetProperty("status").GetString());

        (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", "@" + Path.Combine(dir.Path, "missing.json"), "--wait");
        Assert.NotEqual(0, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consortium_application_with_bad_input_is_refused_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var ca = Path.Combine(dir.Path, "newco.ca.identity");
        var (exit, _, error) = await RunAsync("keys", "new-ca", "--org", "newco", "--name", "NewCo", "--out", ca);
        Assert.True(exit == 0, error);
        var output = Path.Combine(dir.Path, "application.json");

        (exit, _, error) = await RunAsync("consortium", "application", "--ca", ca, "--legal-name", "NewCo Ltd.", "--roles", "exporter", "--evidence-hash", "ABC", "--out", output);
        Assert.NotEqual(0, exit);
        Assert.Contains("--evidence-hash", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("consortium", "application", "--ca", Path.Combine(dir.Path, "none.identity"), "--legal-name", "NewCo Ltd.", "--roles", "exporter", "--evidence-hash", new string('a', 64), "--out", output);
        Assert.NotEqual(0, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("consortium", "application", "--ca", ca, "--legal-name", "NewCo Ltd.", "--roles", " , ", "--evidence-hash", new string('a', 64), "--out", output);
        Assert.NotEqual(0, exit);
        Assert.Contains("--roles", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        (exit, _, error) = await RunAsync("consortium", "application", "--ca", ca, "--legal-name", "NewCo Ltd.", "--roles", "exporter", "--evidence-hash", new string('a', 64), "--out", output);
        Assert.True(exit == 0, error);
        using (var args = JsonDocument.Parse(await File.ReadAllTextAsync(output)))
        {
            Assert.Equal("newco", args.RootElement.GetProperty("orgId").GetString());
            Assert.Equal(64, Convert.FromBase64String(args.RootElement.GetProperty("proof").GetString()!).Length);
        }

        (exit, _, error) = await RunAsync("consortium", "application", "--ca", ca, "--legal-name", "NewCo Ltd.", "--roles", "exporter", "--evidence-hash", new string('a', 64), "--out", output);
        Assert.NotEqual(0, exit);
        Assert.Contains("exists already", error, StringComparison.Ordinal);

        // the node refuses an application the manufacturer submits: only the operator records one
        string printed;
        (exit, printed, _) = await RunAsync("submit", "--contract", "consortium", "--function", "Apply", "--args", "@" + output, "--wait");
        Assert.NotEqual(0, exit);
        Assert.Contains("NOT_ALLOWED", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_door_refuses_a_suspended_org_with_permission_denied_until_it_is_reinstated()
    {
        async Task<(int, string, string)> As(string org, params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(["--node", _node.Address, "--identity", _node.IdentityFile(org), .. args], output, error);
            return (exit, output.ToString(), error.ToString());
        }

        var (exit, _, error) = await As("operator", "submit", "--contract", "consortium", "--function", "Suspend", "--args", "{\"orgId\":\"manufacturer\",\"reason\":\"audit\"}", "--wait");
        Assert.True(exit == 0, error);

        (exit, _, error) = await As("manufacturer", "submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        Assert.NotEqual(0, exit);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);
        Assert.Contains("suspended", error, StringComparison.Ordinal);

        (exit, _, error) = await As("operator", "submit", "--contract", "consortium", "--function", "Reinstate", "--args", "{\"orgId\":\"manufacturer\"}", "--wait");
        Assert.True(exit == 0, error);
        (exit, _, error) = await As("manufacturer", "submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task A_private_person_sent_in_clear_is_refused_at_the_door_and_stored_nowhere()
    {
        const string NationalId = "430102199001011239";
        var (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "Register", "--args", Register, "--wait");
        Assert.True(exit == 0, error);

        (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "ProposeTransfer", "--args", "{\"id\":\"SANYSY215C0001\",\"toPrivate\":\"" + NationalId + "\"}", "--wait");
        Assert.NotEqual(0, exit);
        Assert.Contains("InvalidArgument", error, StringComparison.Ordinal);
        Assert.Contains("PRIVATE_PERSON_IN_CLEAR", error, StringComparison.Ordinal);

        // another block after it, so that anything pending would have been written
        (exit, _, error) = await RunAsync("submit", "--contract", "equipment", "--function", "RecordComplaint", "--args", "{\"id\":\"SANYSY215C0001\",\"complaintId\":\"C-1\",\"summaryHash\":\"" + new string('c', 64) + "\"}", "--wait");
        Assert.True(exit == 0, error);
        var needle = System.Text.Encoding.UTF8.GetBytes(NationalId);
        foreach (var file in Directory.GetFiles(_node.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"{file} holds the id number");
        }
    }
}
