using Grpc.Core;
using Grpc.Health.V1;
using Ledger.Client;
using Ledger.Core;
using Ledger.Protos.V1;

namespace Ledger.Node.Tests;

public sealed class GrpcApiTests : IAsyncLifetime
{
    private TestNode _node = null!;
    private TransactionBuilder _manufacturer = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync();
        _manufacturer = await _node.BuilderAsync("manufacturer");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<SubmitResponse> RegisterAsync(string pin)
    {
        var (_, tx) = _manufacturer.Build("equipment", "Register", $"{{\"pin\":\"{pin}\",\"manufacturer\":\"Sany\",\"model\":\"SY215C\",\"category\":\"excavator\"}}");
        return await _node.Client.SubmitAsync(tx, waitForCommit: true, 0, CancellationToken.None);
    }

    [Fact]
    public async Task A_fresh_node_reports_its_dev_chain_at_height_zero()
    {
        var status = await _node.Client.StatusAsync(CancellationToken.None);

        Assert.Equal("ledger-dev", status.ChainId);
        Assert.Equal(0UL, status.Height);
        Assert.Equal(status.GenesisHash, status.LastBlockHash);
        Assert.True(File.Exists(Path.Combine(_node.DataDirectory, "dev-admin.identity")));
        Assert.Equal(12, Directory.GetFiles(Path.Combine(_node.DataDirectory, "identities"), "*.identity").Length);
    }

    [Fact]
    public async Task Submit_waits_for_commit_and_returns_the_block_position_and_validation_code()
    {
        var response = await RegisterAsync("SY-100");

        Assert.True(response.Committed);
        Assert.Equal(1UL, response.Height);
        Assert.Equal(0U, response.Index);
        Assert.Equal("Valid", response.ValidationCode);
        Assert.Contains("SY100", response.ResultJson, StringComparison.Ordinal);
        Assert.Equal(1UL, (await _node.Client.StatusAsync(CancellationToken.None)).Height);
    }

    [Fact]
    public async Task Submit_without_waiting_returns_the_txid_and_the_transaction_commits_later()
    {
        var (txId, tx) = _manufacturer.Build("equipment", "Register", "{\"pin\":\"SY-101\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}");

        var response = await _node.Client.SubmitAsync(tx, waitForCommit: false, 0, CancellationToken.None);
        Assert.Equal(txId.ToHex(), response.TxId);
        Assert.False(response.Committed);

        await foreach (var block in _node.Client.StreamBlocksAsync(1, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            Assert.Contains(block.Transactions, t => t.TxId == txId.ToHex());
            break;
        }
    }

    [Fact]
    public async Task A_rejected_transaction_is_committed_with_its_reason_code()
    {
        await RegisterAsync("SY-102");

        var second = await RegisterAsync("sy 102");

        Assert.True(second.Committed);
        Assert.Equal("ContractRejected", second.ValidationCode);
        Assert.Equal("DUPLICATE_IDENTITY", second.ReasonCode);
    }

    [Fact]
    public async Task A_committed_transaction_comes_back_with_an_inclusion_proof_that_verifies()
    {
        await RegisterAsync("SY-103");
        var response = await RegisterAsync("SY-104");

        var tx = await _node.Client.GetTransactionAsync(response.TxId, CancellationToken.None);

        Assert.Equal(response.TxId, tx.Transaction.TxId);
        Assert.Equal("equipment", tx.Transaction.Contract);
        Assert.Equal("Register", tx.Transaction.Function);
        Assert.Equal("manufacturer", tx.Transaction.CreatorOrg);
        Assert.True(BlockVerification.VerifyInclusion(tx));

        var tampered = tx.Clone();
        tampered.Transaction.ValidationCode = "ContractRejected";
        Assert.False(BlockVerification.VerifyInclusion(tampered));

        // a proof claiming another tree size than the header commits to is refused
        var resized = tx.Clone();
        resized.Proof.TreeSize += 1;
        Assert.False(BlockVerification.VerifyInclusion(resized));
    }

    [Fact]
    public async Task Blocks_link_by_previous_hash_and_decode_to_the_served_hash()
    {
        await RegisterAsync("SY-105");
        await RegisterAsync("SY-106");

        var genesis = BlockVerification.Decode(await _node.Client.GetBlockAsync(0, CancellationToken.None));
        var one = BlockVerification.Decode(await _node.Client.GetBlockAsync(1, CancellationToken.None));
        var two = BlockVerification.Decode(await _node.Client.GetLatestBlockAsync(CancellationToken.None));

        Assert.Equal(genesis.Hash, one.Header.PreviousHash);
        Assert.Equal(one.Hash, two.Header.PreviousHash);
        Assert.Equal(2UL, two.Height);
    }

    [Fact]
    public async Task A_block_beyond_the_head_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.GetBlockAsync(99, CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task StreamBlocks_delivers_every_block_in_order_then_new_ones_and_resumes_without_gaps_or_repeats()
    {
        await RegisterAsync("SY-107");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<ulong>();
        await foreach (var block in _node.Client.StreamBlocksAsync(0, timeout.Token))
        {
            seen.Add(block.Header.Height);
            if (block.Header.Height == 1)
            {
                _ = RegisterAsync("SY-108");
            }

            if (block.Header.Height == 2)
            {
                break;
            }
        }

        Assert.Equal([0UL, 1UL, 2UL], seen);

        _ = RegisterAsync("SY-109");
        var resumed = new List<ulong>();
        await foreach (var block in _node.Client.StreamBlocksAsync(3, timeout.Token))
        {
            resumed.Add(block.Header.Height);
            Assert.Contains("SY109", block.Transactions[0].ResultJson, StringComparison.Ordinal);
            break;
        }

        Assert.Equal([3UL], resumed);
    }

    [Fact]
    public async Task Evaluate_reads_the_latest_state_and_an_unknown_key_is_not_found()
    {
        await RegisterAsync("SY-110");

        var (_, get) = _manufacturer.Build("equipment", "Get", "{\"id\":\"SY110\"}");
        var result = await _node.Client.EvaluateAsync(get, CancellationToken.None);
        Assert.Contains("\"owner\":\"manufacturer\"", result.ResultJson, StringComparison.Ordinal);
        Assert.Equal(1UL, result.Height);

        var (_, missing) = _manufacturer.Build("equipment", "Get", "{\"id\":\"NOPE\"}");
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.EvaluateAsync(missing, CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task SubmitBatch_answers_each_transaction_on_its_own()
    {
        var request = new SubmitBatchRequest { WaitForCommit = true };
        var (_, good) = _manufacturer.Build("equipment", "Register", "{\"pin\":\"SY-111\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}");
        var (_, bad) = _manufacturer.Build("nope", "Register", "{}");
        request.Transactions.Add(good);
        request.Transactions.Add(bad);
        request.Transactions.Add(good);

        var response = await _node.Client.Gateway.SubmitBatchAsync(request);

        Assert.Equal("Valid", response.Results[0].Response.ValidationCode);
        Assert.Equal((int)StatusCode.NotFound, response.Results[1].ErrorCode);
        Assert.Equal((int)StatusCode.AlreadyExists, response.Results[2].ErrorCode);
    }

    [Fact]
    public async Task The_grpc_health_service_reports_serving()
    {
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(_node.Address);
        var health = new Health.HealthClient(channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Server_reflection_lists_the_ledger_services()
    {
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(_node.Address);
        var reflection = new global::Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();

        Assert.Contains("ledger.v1.Gateway", names);
        Assert.Contains("ledger.v1.Ledger", names);
        Assert.Contains("ledger.v1.Admin", names);
    }
}
