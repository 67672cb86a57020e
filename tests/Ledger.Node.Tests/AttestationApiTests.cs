using Grpc.Core;
using Ledger.Client;
using Ledger.Client.Proofs;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Protos;
using Ledger.Protos.V1;
using CoreHeader = Ledger.Core.Blocks.BlockHeader;

namespace Ledger.Node.Tests;

/// <summary>
/// A dev node attests every block it commits (its org, the operator, is the dev consortium's one
/// attesting org): the certificates are served with blocks, transactions, state proofs and the
/// stream, and a proof built from the node verifies offline with its certificate.
/// </summary>
public sealed class AttestationApiTests : IAsyncLifetime
{
    private TestNode _node = null!;
    private SubmitResponse _committed = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync();
        var builder = await _node.BuilderAsync("manufacturer");
        var (_, tx) = builder.Build("equipment", "Register", """{"pin":"ATTEST-1","manufacturer":"Sany","model":"SY215C","category":"excavator"}""");
        _committed = await _node.Client.SubmitAsync(tx, waitForCommit: true, 10_000, CancellationToken.None);
        Assert.True(_committed.Committed);
        await WaitForCertifiedAsync(_committed.Height);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_committed_block_carries_the_operator_nodes_attestation_and_certificate()
    {
        var block = await _node.Client.GetBlockAsync(_committed.Height, CancellationToken.None);
        var header = CoreHeader.Decode(block.Header.Encoded.Span);

        Assert.True(block.Certificate.Certified);
        Assert.Equal(["operator"], block.Certificate.Orgs);
        Assert.Equal(1u, block.Certificate.Quorum);
        Assert.Equal(header.Height, block.Certificate.Height);
        var attestation = Assert.Single(ProtoMapper.FromProto(block.Certificate));
        Assert.True(attestation.Verifies(header));
        Assert.False(attestation.Verifies(header with { Height = header.Height + 1 }));

        var status = await _node.Client.StatusAsync(CancellationToken.None);
        Assert.True(status.CertifiedHeight >= _committed.Height);
        Assert.Equal(1u, status.AttestationQuorum);
    }

    [Fact]
    public async Task Transactions_and_state_proofs_come_with_their_blocks_certificate()
    {
        var tx = await _node.Client.GetTransactionAsync(_committed.TxId, CancellationToken.None);
        var state = await _node.Client.GetStateProofAsync("equipment", "machine/ATTEST1", _committed.Height, CancellationToken.None);

        Assert.True(tx.Certificate.Certified);
        Assert.Equal(tx.Header.Height, tx.Certificate.Height);
        Assert.True(state.Certificate.Certified);
        Assert.Equal(_committed.Height, state.Certificate.Height);
    }

    [Fact]
    public async Task A_proof_from_the_node_verifies_offline_with_its_certificate()
    {
        var genesis = OfflineVerifier.LoadGenesis((await _node.Client.GetBlockAsync(0, CancellationToken.None)).Encoded.ToByteArray()).Genesis!;
        var tx = await ProofBuilder.TransactionAsync(_node.Client, _committed.TxId, CancellationToken.None);
        var state = await ProofBuilder.StateAsync(_node.Client, "equipment", "machine/ATTEST1", null, CancellationToken.None);

        var txResult = OfflineVerifier.VerifyTransaction(TransactionProof.Parse(tx.ToJson()), genesis);
        var stateResult = OfflineVerifier.VerifyState(StateProof.Parse(state.ToJson()), genesis);

        Assert.True(txResult.IsValid, txResult.Message);
        Assert.Contains("is certified by operator (1 of 1 attesting orgs; the quorum is 1)", txResult.Message, StringComparison.Ordinal);
        Assert.True(stateResult.IsValid, stateResult.Message);
        Assert.NotNull(state.Certificate);
        Assert.Equal(2, state.Certificate.Standings.Count);
    }

    [Fact]
    public async Task The_certified_stream_sends_each_block_with_its_certificate()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = _node.Client.Ledger.StreamBlocks(new StreamBlocksRequest { FromHeight = 0, CertifiedOnly = true }, cancellationToken: cts.Token);
        var blocks = new List<Block>();
        await foreach (var block in call.ResponseStream.ReadAllAsync(cts.Token))
        {
            blocks.Add(block);
            if (block.Header.Height == _committed.Height)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, (int)_committed.Height + 1).Select(h => (ulong)h), blocks.Select(b => b.Header.Height));
        Assert.All(blocks.Skip(1), b => Assert.True(b.Certificate.Certified));
    }

    [Theory]
    [InlineData(5UL, 4UL)]
    [InlineData(1UL, 65UL)]
    public async Task A_bad_attestation_range_is_refused(ulong from, ulong to)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Client.Ledger.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = from, ToHeight = to }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("1 to 64 heights", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attestations_are_served_for_the_heights_the_node_has()
    {
        var page = await _node.Client.Ledger.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = 0, ToHeight = 50 });

        Assert.Equal(Enumerable.Range(0, (int)_node.Services.GetRequiredService<Ledger.State.LedgerStore>().Head!.Height + 1).Select(h => (ulong)h), page.Certificates.Select(c => c.Height));
        Assert.Empty(page.Certificates[0].Attestations);
    }

    [Fact]
    public async Task Metrics_report_the_certified_height()
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(_node.HttpAddress + "/metrics"));

        Assert.Matches(@"ledger_certified_height [1-9]", metrics);
    }

    [Fact]
    public async Task A_node_without_its_node_key_certifies_nothing_and_a_proof_says_so()
    {
        await using var node = await TestNode.StartAsync(null, "--Cluster:Identity", Path.Combine(Path.GetTempPath(), "no-such-node.identity"));
        var builder = await node.BuilderAsync("manufacturer");
        var (_, tx) = builder.Build("equipment", "Register", """{"pin":"ATTEST-2","manufacturer":"Sany","model":"SY215C","category":"excavator"}""");
        var committed = await node.Client.SubmitAsync(tx, waitForCommit: true, 10_000, CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ProofBuilder.CertificateAsync(node.Client, committed.Height, CancellationToken.None, TimeSpan.FromMilliseconds(300)));
        Assert.Contains($"block {committed.Height} has no commit certificate yet", e.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, (await node.Client.StatusAsync(CancellationToken.None)).CertifiedHeight);
        Assert.False((await node.Client.GetBlockAsync(committed.Height, CancellationToken.None)).Certificate.Certified);
    }

    [Fact]
    public async Task Where_the_genesis_sets_no_attestation_policy_the_certified_stream_is_refused()
    {
        using var consortium = new Ledger.TestKit.TestConsortium();
        using var dir = new Ledger.TestKit.TempDirectory("ledger-no-policy");
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "genesis.block"), consortium.Genesis.Encode());
        await using var node = await TestNode.StartAsync(dir.Path);

        using var call = node.Client.Ledger.StreamBlocks(new StreamBlocksRequest { CertifiedOnly = true });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("no attestation policy", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0u, (await node.Client.StatusAsync(CancellationToken.None)).AttestationQuorum);
    }

    private async Task WaitForCertifiedAsync(ulong height)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _node.Client.StatusAsync(CancellationToken.None)).CertifiedHeight < height)
        {
            Assert.True(DateTime.UtcNow < deadline, $"block {height} was not certified in time");
            await Task.Delay(20);
        }
    }
}
