using Google.Protobuf;
using Grpc.Core;
using Ledger.Client;
using Ledger.Core;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.Protos.V1;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary>Every bad input gets a precise status with a reason, and nothing is stored.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string RegisterArgs = "{\"pin\":\"BAD-1\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}";

    private TestNode _node = null!;
    private TransactionBuilder _builder = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(null, "--Node:DevMaxTransactionBytes=4096");
        _builder = await _node.BuilderAsync("manufacturer");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>Submits, expects the status, and checks the chain did not move and the txId is unknown.</summary>
    private async Task<RpcException> RefusedAsync(Protos.V1.SignedTransaction tx, StatusCode expected, Hash32? txId = null)
    {
        var before = await _node.Client.StatusAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.SubmitAsync(tx, waitForCommit: true, 0, CancellationToken.None));
        Assert.Equal(expected, e.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        Assert.NotNull(e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>());

        // the chain did not move, nothing waits in the mempool, and the txId is unknown
        var after = await _node.Client.StatusAsync(CancellationToken.None);
        Assert.Equal(before.Height, after.Height);
        Assert.Equal(0UL, after.MempoolSize);
        var id = txId ?? Hash32.Compute(tx.Payload.Span);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => _node.Client.GetTransactionAsync(id.ToHex(), CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
        return e;
    }

    [Fact]
    public async Task A_payload_that_does_not_decode_is_invalid_argument()
    {
        var (_, tx) = _builder.Sign([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);

        var e = await RefusedAsync(tx, StatusCode.InvalidArgument);

        Assert.Equal("transaction.payload", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Field);
    }

    [Fact]
    public async Task A_request_without_a_transaction_is_invalid_argument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.Gateway.SubmitAsync(new SubmitRequest { WaitForCommit = true }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("transaction", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_protobuf_is_invalid_argument_and_the_node_keeps_serving()
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "ledger.v1.Gateway", "Submit", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(_node.Address);
        var invoker = channel.CreateCallInvoker();

        var e = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(raw, null, new CallOptions(), [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Contains("SubmitRequest", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0UL, (await _node.Client.StatusAsync(CancellationToken.None)).Height);
    }

    [Fact]
    public async Task An_unknown_contract_is_not_found()
    {
        var (id, tx) = _builder.Build("nope", "Register", RegisterArgs);

        var e = await RefusedAsync(tx, StatusCode.NotFound, id);

        Assert.Equal("UnknownContract", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task An_unknown_function_is_not_found()
    {
        var (id, tx) = _builder.Build("equipment", "Teleport", RegisterArgs);

        var e = await RefusedAsync(tx, StatusCode.NotFound, id);

        Assert.Equal("UnknownFunction", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task A_bad_signature_is_unauthenticated()
    {
        var (id, tx) = _builder.Build("equipment", "Register", RegisterArgs);
        var signature = tx.Signature.ToByteArray();
        signature[5] ^= 0x01;
        tx.Signature = ByteString.CopyFrom(signature);

        var e = await RefusedAsync(tx, StatusCode.Unauthenticated, id);

        Assert.Equal("BadSignature", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task An_identity_from_outside_the_consortium_is_unauthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        using var rogue = CertificateAuthority.Create("manufacturer", "Rogue", now.AddDays(-1), now.AddDays(30));
        using var impostor = rogue.Issue("admin", "admin", now.AddDays(-1), now.AddDays(30));
        var (id, tx) = new TransactionBuilder(impostor, _builder.ChainId).Build("equipment", "Register", RegisterArgs);

        var e = await RefusedAsync(tx, StatusCode.Unauthenticated, id);

        Assert.Equal("UnknownIdentity", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task A_revoked_identity_is_permission_denied()
    {
        var ca = IdentityDocument.Parse(File.ReadAllText(Path.Combine(_node.DataDirectory, "ca", "manufacturer.ca.identity"))).ToAuthority();
        var now = DateTimeOffset.UtcNow;
        using var clerk = ca.Issue("clerk", "client", now.AddDays(-1), now.AddDays(30));
        var clerkBuilder = new TransactionBuilder(clerk, _builder.ChainId);
        var (_, revoke) = _builder.Build("identity", "Revoke", $"{{\"certificate\":\"{Convert.ToBase64String(clerk.Certificate.Der)}\"}}");
        Assert.Equal("Valid", (await _node.Client.SubmitAsync(revoke, true, 0, CancellationToken.None)).ValidationCode);

        var (id, tx) = clerkBuilder.Build("equipment", "Register", RegisterArgs);
        var e = await RefusedAsync(tx, StatusCode.PermissionDenied, id);

        Assert.Equal("RevokedIdentity", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task A_replayed_transaction_already_exists_and_the_first_stays_committed()
    {
        var (id, tx) = _builder.Build("equipment", "Register", RegisterArgs);
        var first = await _node.Client.SubmitAsync(tx, true, 0, CancellationToken.None);

        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.SubmitAsync(tx, true, 0, CancellationToken.None));

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Equal(first.Height, (await _node.Client.StatusAsync(CancellationToken.None)).Height);
        var stored = await _node.Client.GetTransactionAsync(id.ToHex(), CancellationToken.None);
        Assert.Equal(first.Height, stored.Header.Height);
    }

    [Fact]
    public async Task A_transaction_for_another_chain_is_invalid_argument()
    {
        var (id, tx) = new TransactionBuilder(_builder.Identity, "some-other-chain").Build("equipment", "Register", RegisterArgs);

        var e = await RefusedAsync(tx, StatusCode.InvalidArgument, id);

        Assert.Equal("WrongChain", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task An_oversized_transaction_is_invalid_argument_naming_the_limit()
    {
        var (id, tx) = _builder.Build("equipment", "Register", $"{{\"pin\":\"BIG-1\",\"manufacturer\":\"{new string('x', 5000)}\",\"model\":\"M\",\"category\":\"c\"}}");

        var e = await RefusedAsync(tx, StatusCode.InvalidArgument, id);

        Assert.Equal("PayloadTooLarge", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Contains("4096", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"pin\":")]
    [InlineData("not json")]
    [InlineData("[\"an\",\"array\"]")]
    public async Task Arguments_that_are_not_a_json_object_are_invalid_argument(string args)
    {
        var (id, tx) = _builder.Build("equipment", "Register", args);

        var e = await RefusedAsync(tx, StatusCode.InvalidArgument, id);

        Assert.Equal("transaction.payload.arguments", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Field);
    }

    [Fact]
    public async Task A_txid_that_is_not_hex_is_invalid_argument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.GetTransactionAsync("xyz", CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task A_commit_timeout_beyond_ten_minutes_is_invalid_argument_and_nothing_is_admitted()
    {
        var (id, tx) = _builder.Build("equipment", "Register", RegisterArgs);

        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.SubmitAsync(tx, true, uint.MaxValue, CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("timeout_ms", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Field);
        Assert.Equal(0UL, (await _node.Client.StatusAsync(CancellationToken.None)).MempoolSize);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => _node.Client.GetTransactionAsync(id.ToHex(), CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Evaluating_a_function_that_writes_is_failed_precondition()
    {
        var (_, query) = _builder.Build("equipment", "Register", RegisterArgs);

        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.EvaluateAsync(query, CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("CONTRACT_VIOLATION", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Equal(0UL, (await _node.Client.StatusAsync(CancellationToken.None)).Height);
    }

    [Fact]
    public async Task A_query_the_contract_finds_malformed_is_invalid_argument()
    {
        var (_, query) = _builder.Build("equipment", "Get", "{\"identifier\":\"X\"}");

        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.EvaluateAsync(query, CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("BAD_ARGUMENTS", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }
}
