using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Ledger.Cli;
using Ledger.Client;
using Ledger.Core.Identity;
using Ledger.Node.Hosting;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary>
/// A node serving gRPC over TLS with its node certificate from its org's CA: clients trust it by the
/// consortium's CAs only (from the genesis), and a client certificate, when presented, must be a
/// member's and not revoked.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(null, "--urls", "https://127.0.0.1:0");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_client_that_trusts_the_consortiums_cas_reaches_the_node_over_tls()
    {
        Assert.StartsWith("https://127.0.0.1:", _node.Address, StringComparison.Ordinal);
        var status = await _node.Client.StatusAsync(CancellationToken.None);

        Assert.Equal("ledger-dev", status.ChainId);
        Assert.Null(_node.Client.TlsFailure);
    }

    [Fact]
    public async Task The_node_is_reached_by_its_name_localhost_too()
    {
        using var client = new LedgerClient(_node.Address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), _node.Trust);
        Assert.Equal("ledger-dev", (await client.StatusAsync(CancellationToken.None)).ChainId);
    }

    [Fact]
    public void An_https_node_without_trust_roots_is_refused_before_connecting()
    {
        var e = Assert.Throws<ArgumentException>(() => new LedgerClient(_node.Address));
        Assert.Contains("--trust FILE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_trusts_another_consortium_does_not_accept_the_node()
    {
        using var other = new TestConsortium();
        using var client = new LedgerClient(_node.Address, Trust(other));

        // grpc-dotnet reports a failed TLS handshake as Internal ("Error starting gRPC call"); the client keeps why
        await Assert.ThrowsAsync<RpcException>(() => client.StatusAsync(CancellationToken.None));

        Assert.Contains("does not chain to a CA of the consortium", client.TlsFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_members_client_certificate_is_accepted_and_a_stranger_is_refused()
    {
        using var member = Certificate(_node.Identity("manufacturer"));
        using var memberClient = new LedgerClient(_node.Address, _node.Trust, member);
        Assert.Equal("ledger-dev", (await memberClient.StatusAsync(CancellationToken.None)).ChainId);

        using var strangers = new TestConsortium();
        using var stranger = Certificate(strangers.Admin("manufacturer"));
        using var strangerClient = new LedgerClient(_node.Address, _node.Trust, stranger);
        var e = await Assert.ThrowsAsync<RpcException>(() => strangerClient.StatusAsync(CancellationToken.None));
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
        Assert.Null(strangerClient.TlsFailure);
    }

    [Fact]
    public async Task A_revoked_client_certificate_is_refused()
    {
        using var ca = IdentityDocument.Parse(File.ReadAllText(Path.Combine(_node.DataDirectory, "ca", "manufacturer.ca.identity"))).ToAuthority();
        using var revokedIdentity = ca.Issue("leaver", "client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var admin = await _node.BuilderAsync("manufacturer");
        var (_, revoke) = admin.Build("identity", "Revoke", $$"""{"certificate":"{{Convert.ToBase64String(revokedIdentity.Certificate.Der)}}","reason":"left"}""");
        Assert.Equal("Valid", (await _node.Client.SubmitAsync(revoke, waitForCommit: true, 10_000, CancellationToken.None)).ValidationCode);

        using var certificate = Certificate(revokedIdentity);
        using var client = new LedgerClient(_node.Address, _node.Trust, certificate);
        await Assert.ThrowsAsync<RpcException>(() => client.StatusAsync(CancellationToken.None));
        Assert.Null(client.TlsFailure); // the client trusted the node; the node refused the client
    }

    [Fact]
    public async Task The_cli_takes_the_trust_roots_from_the_genesis_and_says_when_they_are_missing()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["--node", _node.Address, "--trust", Path.Combine(_node.DataDirectory, DevConsortium.GenesisFile), "status"], output, error));
        Assert.Contains("ledger-dev", output.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.NotEqual(0, await CliApp.RunAsync(["--node", _node.Address, "status"], new StringWriter(), error));
        Assert.Contains("give the consortium's trust roots (--trust FILE", error.ToString(), StringComparison.Ordinal);

        using var other = new TestConsortium();
        using var dir = new TempDirectory("ledger-trust");
        var wrong = Path.Combine(dir.Path, "genesis.block");
        await File.WriteAllBytesAsync(wrong, other.Genesis.Encode());
        error = new StringWriter();
        Assert.Equal(1, await CliApp.RunAsync(["--node", _node.Address, "--trust", wrong, "status"], new StringWriter(), error));
        Assert.Contains("its TLS certificate is refused: the node's certificate does not chain to a CA of the consortium", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_trust_check_refuses_a_certificate_for_another_host_or_that_is_not_a_nodes()
    {
        using var consortium = new TestConsortium();
        var trust = Trust(consortium);
        using var node = consortium.Node("customs");
        using var nodeCertificate = X509CertificateLoader.LoadCertificate(node.Certificate.Der);
        using var admin = X509CertificateLoader.LoadCertificate(consortium.Admin("customs").Certificate.Der);

        Assert.Null(trust.Check(nodeCertificate, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("does not name the host", trust.Check(nodeCertificate, SslPolicyErrors.RemoteCertificateNameMismatch), StringComparison.Ordinal);
        Assert.Contains("not a node's", trust.Check(admin, SslPolicyErrors.None), StringComparison.Ordinal);
        Assert.Contains("presented no certificate", trust.Check(null, SslPolicyErrors.RemoteCertificateNotAvailable), StringComparison.Ordinal);
    }

    private static ConsortiumTrust Trust(TestConsortium consortium)
    {
        using var dir = new TempDirectory("ledger-trust");
        var file = Path.Combine(dir.Path, "genesis.block");
        File.WriteAllBytes(file, consortium.Genesis.Encode());
        return ConsortiumTrust.Load(file);
    }

    private static X509Certificate2 Certificate(SigningIdentity identity)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(identity.Certificate.Der);
        return certificate.CopyWithPrivateKey(identity.Key);
    }
}
