using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Consensus.Raft;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>Who may speak Raft with a node: node certificates of the cluster's orgs, from their CAs, not revoked.</summary>
public sealed class RaftPeerPolicyTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly RaftPeerPolicy _policy;

    public RaftPeerPolicyTests()
    {
        _ledger = new TestLedger(_consortium);
        var cluster = new ClusterConfig([new ClusterMember("n1", "operator", "127.0.0.1:7170", "http://127.0.0.1:7150"), new ClusterMember("n2", "manufacturer", "127.0.0.1:7171", "http://127.0.0.1:7151")]);
        _policy = new RaftPeerPolicy(cluster, _ledger.Validator.Directory, _ledger.Ledger, new FixedTime(TestConsortium.Epoch.AddDays(1)));
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    [Fact]
    public void A_node_certificate_of_an_org_running_a_member_is_trusted()
    {
        using var node = _consortium.Issue("manufacturer", "node-manufacturer", RaftPeerPolicy.NodeRole);
        Assert.Null(_policy.Check(Load(node.Certificate.Der)));
    }

    [Fact]
    public void A_client_certificate_an_org_without_a_node_a_foreign_CA_and_no_certificate_are_refused()
    {
        using var client = _consortium.Issue("manufacturer", "clerk");
        Assert.Contains("not a node's", _policy.Check(Load(client.Certificate.Der)), StringComparison.Ordinal);

        using var customs = _consortium.Issue("customs", "node-customs", RaftPeerPolicy.NodeRole);
        Assert.Contains("runs no node", _policy.Check(Load(customs.Certificate.Der)), StringComparison.Ordinal);

        using var impostorCa = CertificateAuthority.Create("manufacturer", "impostor", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        using var impostor = impostorCa.Issue("node-manufacturer", RaftPeerPolicy.NodeRole, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        Assert.Contains("not issued by the CA of org 'manufacturer'", _policy.Check(Load(impostor.Certificate.Der)), StringComparison.Ordinal);

        Assert.Equal("the peer presented no certificate", _policy.Check(null));
    }

    [Fact]
    public void A_revoked_node_certificate_is_refused_from_the_block_that_revokes_it()
    {
        using var node = _consortium.Issue("manufacturer", "node-manufacturer", RaftPeerPolicy.NodeRole);
        var record = _ledger.Commit(_consortium.Transactions("operator").Envelope("identity", "Revoke", new { certificate = PemEncoding.WriteString("CERTIFICATE", node.Certificate.Der) })).Transactions[0];
        Assert.Equal(ValidationCode.Valid, record.Code);

        Assert.Contains("revoked", _policy.Check(Load(node.Certificate.Der)), StringComparison.Ordinal);
    }

    private static X509Certificate2 Load(byte[] der) => X509CertificateLoader.LoadCertificate(der);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
