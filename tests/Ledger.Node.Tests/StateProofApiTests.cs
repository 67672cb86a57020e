using System.Text;
using Grpc.Core;
using Ledger.Client;
using Ledger.Client.Proofs;
using CoreBlock = Ledger.Core.Blocks.Block;
using Ledger.Core.Merkle;
using Ledger.Protos.V1;

namespace Ledger.Node.Tests;

/// <summary>Ledger.GetStateProof over real gRPC: a value or its absence at any committed height, and each bad request refused with its reason.</summary>
public sealed class StateProofApiTests : IAsyncLifetime
{
    private TestNode _node = null!;
    private TransactionBuilder _manufacturer = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync();
        _manufacturer = await _node.BuilderAsync("manufacturer");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<SubmitResponse> SubmitAsync(string function, string argumentsJson)
    {
        var (_, tx) = _manufacturer.Build("equipment", function, argumentsJson);
        var response = await _node.Client.SubmitAsync(tx, waitForCommit: true, 0, CancellationToken.None);
        Assert.Equal("Valid", response.ValidationCode);
        return response;
    }

    private Task<SubmitResponse> RegisterAsync(string pin) =>
        SubmitAsync("Register", $"{{\"pin\":\"{pin}\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}}");

    private async Task<CoreBlock> GenesisAsync()
    {
        var (genesis, failure) = OfflineVerifier.LoadGenesis((await _node.Client.GetBlockAsync(0, CancellationToken.None)).Encoded.ToByteArray());
        Assert.Null(failure);
        return genesis!;
    }

    /// <summary>The proof <c>ledger proof state</c> would write, checked offline against the node's genesis.</summary>
    private async Task<VerificationResult> VerifiedAsync(string key, ulong? height = null)
    {
        var proof = await ProofBuilder.StateAsync(_node.Client, "equipment", key, height, CancellationToken.None);
        return OfflineVerifier.VerifyState(StateProof.Parse(proof.ToJson()), await GenesisAsync());
    }

    /// <summary>Asks for a proof, expects the status and reason, and checks the chain did not move and the node still serves.</summary>
    private async Task<RpcException> RefusedAsync(GetStateProofRequest request, StatusCode expected, string reason)
    {
        var before = await _node.Client.StatusAsync(CancellationToken.None);

        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.Ledger.GetStateProofAsync(request).ResponseAsync);

        Assert.Equal(expected, e.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        Assert.Equal(reason, e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        var after = await _node.Client.StatusAsync(CancellationToken.None);
        Assert.Equal(before.Height, after.Height);
        Assert.Equal(before.LastBlockHash, after.LastBlockHash);
        Assert.Equal(0UL, after.MempoolSize);
        Assert.True((await _node.Client.GetStateProofAsync("equipment", "machine/STILL1", null, CancellationToken.None)).Header is not null);
        return e;
    }

    private static string FieldOf(RpcException e) => e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Field;

    [Fact]
    public async Task A_present_key_at_the_head_comes_with_its_value_and_a_path_that_verifies_offline()
    {
        await RegisterAsync("SP-1");
        var committed = await RegisterAsync("SP-2");

        var response = await _node.Client.GetStateProofAsync("equipment", "machine/SP2", null, CancellationToken.None);

        Assert.Equal(committed.Height, response.Header.Height);
        Assert.True(response.Present);
        Assert.Contains("\"id\":\"SP2\"", response.Value.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Equal(StateKey.Path("equipment", "machine/SP2").ToArray(), response.Terminal.KeyHash.ToByteArray());
        Assert.NotEmpty(response.Levels);
        var result = await VerifiedAsync("machine/SP2");
        Assert.True(result.IsValid, result.Message);
        Assert.Contains($"equipment/machine/SP2 = {response.Value.ToStringUtf8()} after block {committed.Height}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absent_key_comes_with_no_value_and_a_path_that_proves_its_absence()
    {
        await RegisterAsync("SP-1");
        await RegisterAsync("SP-2");

        var response = await _node.Client.GetStateProofAsync("equipment", "machine/NOSUCH", null, CancellationToken.None);

        Assert.Equal(2UL, response.Header.Height);
        Assert.False(response.Present);
        Assert.True(response.Value.IsEmpty);
        Assert.NotEqual(StateKey.Path("equipment", "machine/NOSUCH").ToArray(), response.Terminal?.KeyHash.ToByteArray());
        var result = await VerifiedAsync("machine/NOSUCH");
        Assert.True(result.IsValid, result.Message);
        Assert.Contains("equipment/machine/NOSUCH has no value after block 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_old_height_proves_the_value_and_the_absences_of_that_height()
    {
        await RegisterAsync("SP-1");
        await SubmitAsync("ProposeTransfer", "{\"id\":\"SP-1\",\"to\":\"exporter\"}");
        await RegisterAsync("SP-3");

        var old = await _node.Client.GetStateProofAsync("equipment", "machine/SP1", 1, CancellationToken.None);
        var head = await _node.Client.GetStateProofAsync("equipment", "machine/SP1", null, CancellationToken.None);
        var lateAtOne = await _node.Client.GetStateProofAsync("equipment", "machine/SP3", 1, CancellationToken.None);
        var atGenesis = await _node.Client.GetStateProofAsync("equipment", "machine/SP1", 0, CancellationToken.None);

        Assert.Equal(1UL, old.Header.Height);
        Assert.True(old.Present);
        Assert.DoesNotContain("exporter", old.Value.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Equal(3UL, head.Header.Height);
        Assert.Contains("\"to\":\"exporter\"", head.Value.ToStringUtf8(), StringComparison.Ordinal);
        Assert.False(lateAtOne.Present);
        Assert.False(atGenesis.Present);
        Assert.Empty(atGenesis.Levels);
        Assert.Null(atGenesis.Terminal);
        foreach (var (key, height) in new[] { ("machine/SP1", 1UL), ("machine/SP3", 1UL), ("machine/SP3", 3UL), ("machine/SP1", 0UL) })
        {
            var result = await VerifiedAsync(key, height);
            Assert.True(result.IsValid, $"{key} at {height}: {result.Check}: {result.Message}");
            Assert.Contains($"after block {height} ", result.Message, StringComparison.Ordinal);
        }

        Assert.Contains(Encoding.UTF8.GetString(old.Value.Span), (await VerifiedAsync("machine/SP1", 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_contract_is_invalid_argument()
    {
        var e = await RefusedAsync(new GetStateProofRequest { Contract = string.Empty, Key = "machine/X" }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");

        Assert.Equal("contract", FieldOf(e));
    }

    [Fact]
    public async Task A_contract_name_too_long_or_with_nul_is_invalid_argument()
    {
        var tooLong = await RefusedAsync(new GetStateProofRequest { Contract = new string('e', 129), Key = "machine/X" }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");
        var nul = await RefusedAsync(new GetStateProofRequest { Contract = "equip\0ment", Key = "machine/X" }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");

        Assert.Equal("contract", FieldOf(tooLong));
        Assert.Equal("contract", FieldOf(nul));
    }

    [Fact]
    public async Task An_unknown_contract_is_not_found_and_names_the_contracts_there_are()
    {
        var e = await RefusedAsync(new GetStateProofRequest { Contract = "nope", Key = "machine/X" }, StatusCode.NotFound, "CONTRACT_NOT_FOUND");

        Assert.Contains("'nope'", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("equipment", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_key_is_invalid_argument()
    {
        var e = await RefusedAsync(new GetStateProofRequest { Contract = "equipment", Key = string.Empty }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");

        Assert.Equal("key", FieldOf(e));
    }

    [Fact]
    public async Task A_key_over_1024_utf8_bytes_is_invalid_argument_and_1024_bytes_is_served()
    {
        var ascii = await RefusedAsync(new GetStateProofRequest { Contract = "equipment", Key = new string('k', 1025) }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");
        // 342 characters, 1026 UTF-8 bytes: the limit counts bytes
        var wide = await RefusedAsync(new GetStateProofRequest { Contract = "equipment", Key = new string('€', 342) }, StatusCode.InvalidArgument, "INVALID_ARGUMENT");

        Assert.Equal("key", FieldOf(ascii));
        Assert.Equal("key", FieldOf(wide));
        Assert.Contains("1024", ascii.Status.Detail, StringComparison.Ordinal);
        var atLimit = await _node.Client.GetStateProofAsync("equipment", new string('k', 1024), null, CancellationToken.None);
        Assert.False(atLimit.Present);
    }

    [Fact]
    public async Task A_height_beyond_the_head_is_not_found()
    {
        await RegisterAsync("SP-1");

        var next = await RefusedAsync(new GetStateProofRequest { Contract = "equipment", Key = "machine/SP1", Height = 2 }, StatusCode.NotFound, "BLOCK_NOT_FOUND");
        await RefusedAsync(new GetStateProofRequest { Contract = "equipment", Key = "machine/SP1", Height = ulong.MaxValue }, StatusCode.NotFound, "BLOCK_NOT_FOUND");

        Assert.Contains("no block at height 2 (head is 1)", next.Status.Detail, StringComparison.Ordinal);
    }
}
