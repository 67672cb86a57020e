using Ledger.Consensus.Attestations;
using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus.Tests;

/// <summary>
/// The manufacturer's node of a four-org consortium (quorum 3) whose org is suspended in block 2 and
/// reinstated in block 4, with the operator's and customs' nodes as peers (tax is down): its own
/// attestation counts only while its org is in good standing, blocks 3 and 4 can never be certified,
/// and the node gives up on them and certifies block 5 all the same.
/// </summary>
public sealed class AttestationServiceTests : IDisposable
{
    private readonly TestConsortium _consortium = new(
        new AttestationPolicy(["operator", "manufacturer", "customs", "tax"]),
        ["operator", "customs", "tax"],
        ("operator", "operator"), ("manufacturer", "manufacturer"), ("customs", "customs"), ("tax", "tax"));

    private readonly TestLedger _ledger;
    private readonly TempDirectory _dir = new("ledger-attest");

    public AttestationServiceTests()
    {
        _ledger = new TestLedger(_consortium);
        var operatorTx = _consortium.Transactions("operator");
        Commit(_consortium.Transactions("manufacturer").Register("M-1"));
        Commit(operatorTx.Envelope("consortium", "Suspend", new { orgId = "manufacturer", reason = "audit" }));
        Commit(operatorTx.Envelope("consortium", "GetMember", new { orgId = "tax" }));
        Commit(operatorTx.Envelope("consortium", "Reinstate", new { orgId = "manufacturer" }));
        Commit(operatorTx.Envelope("consortium", "GetMember", new { orgId = "tax" }));
    }

    [Fact]
    public async Task Own_attestations_are_judged_and_an_uncertifiable_block_does_not_stall_the_ones_after_it()
    {
        using var self = _consortium.Node("manufacturer");
        var identityFile = Path.Combine(_dir.Path, "node.identity");
        await File.WriteAllTextAsync(identityFile, IdentityDocument.From(self).ToJson());
        using var signer = new NodeSigner(identityFile);
        var peers = new Peers(_ledger, [_consortium.Node("operator"), _consortium.Node("customs")]);
        var mempool = new Mempool(Options.Create(new OrderingOptions()));
        using var service = new AttestationService(_ledger.Ledger, new CommitFeed(_ledger.Ledger), _consortium.Config, peers, signer, new NodeMetrics(_ledger.Ledger, mempool, TimeProvider.System), NullLogger<AttestationService>.Instance, giveUpAfterRounds: 5);

        await service.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.WaitForCertificateAsync(5, timeout.Token);
        while (service.SettledHeight < 5)
        {
            await Task.Delay(20, timeout.Token);
        }

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["customs", "manufacturer", "operator"], service.CertifiedOrgs(1));
        Assert.Equal(["customs", "manufacturer", "operator"], service.CertifiedOrgs(2)); // the suspension counts from block 3
        Assert.Null(service.CertifiedOrgs(3));
        Assert.Null(service.CertifiedOrgs(4));
        Assert.Equal(["customs", "manufacturer", "operator"], service.CertifiedOrgs(5));
        Assert.Equal(5UL, service.CertifiedHeight);
        Assert.DoesNotContain(service.AttestationsAt(3), a => CommitCertificate.OrgOf(a.Certificate) == "manufacturer");
        Assert.True(peers.Calls > 0);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
        _dir.Dispose();
    }

    private void Commit(byte[] envelope)
    {
        var block = _ledger.Commit(envelope);
        Assert.Equal(ValidationCode.Valid, block.Transactions[0].Code);
    }

    /// <summary>Peers that hold their own attestation of every block the ledger has.</summary>
    private sealed class Peers(TestLedger ledger, IReadOnlyList<SigningIdentity> nodes) : IAttestationPeers
    {
        public int Calls { get; private set; }

        public IReadOnlyList<string> Names => nodes.Select(n => n.Certificate.Org).ToArray();

        public Task<IReadOnlyList<PeerAttestations>> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken)
        {
            Calls++;
            var node = nodes.Single(n => n.Certificate.Org == peer);
            var answers = new List<PeerAttestations>();
            for (var h = from; h <= Math.Min(to, ledger.Ledger.Head!.Height); h++)
            {
                var header = BlockHeader.Decode(ledger.Ledger.GetHeaderBytes(h)!);
                answers.Add(new PeerAttestations(h, header.Hash, [Attestation.Sign(node, header)]));
            }

            return Task.FromResult<IReadOnlyList<PeerAttestations>>(answers);
        }
    }
}
