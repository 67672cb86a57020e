using Ledger.Client.Proofs;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Client.Tests;

/// <summary>
/// A chain of four attesting orgs (quorum 3) whose membership changes: block 1 registers a
/// machine, block 2 suspends the manufacturer, block 3 revokes an old node certificate of tax,
/// block 4 is a block under both changes.
/// </summary>
public sealed class AttestedChain : IDisposable
{
    public const string Key = "machine/M1";

    public AttestedChain()
    {
        Consortium = new TestConsortium(
            new AttestationPolicy(["operator", "manufacturer", "customs", "tax"]),
            ["operator", "customs", "tax"],
            ("operator", "operator"), ("manufacturer", "manufacturer"), ("customs", "customs"), ("tax", "tax"));
        Ledger = new TestLedger(Consortium);
        foreach (var org in new[] { "operator", "manufacturer", "customs", "tax" })
        {
            Nodes[org] = Consortium.Node(org);
        }

        OldTaxNode = Consortium.Node("tax", "node-tax-old");
        Commit(Consortium.Transactions("manufacturer").Register("M-1"));
        Commit(Consortium.Transactions("operator").Envelope("consortium", "Suspend", new { orgId = "manufacturer", reason = "audit" }));
        Commit(Consortium.Transactions("tax").Envelope("identity", "Revoke", new { certificate = Convert.ToBase64String(OldTaxNode.Certificate.Der), reason = "key rotated" }));
        Ledger.Commit(Consortium.Transactions("operator").Envelope("consortium", "GetMember", new { orgId = "tax" }));
    }

    public TestConsortium Consortium { get; }

    public TestLedger Ledger { get; }

    public Dictionary<string, SigningIdentity> Nodes { get; } = new(StringComparer.Ordinal);

    public SigningIdentity OldTaxNode { get; }

    public Block Genesis => Consortium.Genesis;

    public BlockHeader Header(ulong height) => BlockHeader.Decode(Ledger.Ledger.GetHeaderBytes(height)!);

    /// <summary>What <c>ProofBuilder.CertificateAsync</c> builds: attestations of block <paramref name="certified"/> by <paramref name="signers"/>, headers after <paramref name="proven"/>, and standings after <paramref name="standingsAt"/> (by default the block before).</summary>
    public CertificateEvidence Certificate(ulong proven, ulong certified, IEnumerable<SigningIdentity> signers, ulong? standingsAt = null)
    {
        var header = Header(certified);
        var attestations = signers.Select(s => Attestation.Sign(s, header)).ToArray();
        var at = standingsAt ?? certified - 1;
        var standings = new List<StateEvidence>();
        foreach (var a in attestations)
        {
            var org = CommitCertificate.OrgOf(a.Certificate)!;
            standings.Add(StateProofLedger.Prove(Ledger, Genesis, SystemState.OrgKey(org), at, SystemState.ConsortiumContract).Evidence);
            standings.Add(StateProofLedger.Prove(Ledger, Genesis, SystemState.RevokedKey(a.CertificateHash), at, SystemState.IdentityContract).Evidence);
        }

        return new CertificateEvidence(
            certified,
            Enumerable.Range((int)proven + 1, (int)(certified - proven)).Select(h => Convert.ToBase64String(Ledger.Ledger.GetHeaderBytes((ulong)h)!)).ToArray(),
            attestations.Select(a => new CertificateEvidence.Signed(Convert.ToBase64String(a.Certificate), Convert.ToBase64String(a.Signature))).ToArray(),
            standings);
    }

    public SigningIdentity[] Signers(params string[] orgs) => orgs.Select(o => Nodes[o]).ToArray();

    public StateProof Prove(ulong height, CertificateEvidence? certificate) =>
        StateProofLedger.Prove(Ledger, Genesis, Key, height) with { Certificate = certificate };

    private void Commit(byte[] envelope)
    {
        var block = Ledger.Commit(envelope);
        if (block.Transactions[0].Code != ValidationCode.Valid)
        {
            throw new InvalidOperationException($"block {block.Height}: {block.Transactions[0].Reason}");
        }
    }

    public void Dispose()
    {
        foreach (var node in Nodes.Values)
        {
            node.Dispose();
        }

        OldTaxNode.Dispose();
        Ledger.Dispose();
        Consortium.Dispose();
    }
}

/// <summary>The offline verifier checks commit certificates against the membership in force at their height; every tampering is named.</summary>
public sealed class CommitCertificateProofTests(AttestedChain chain) : IClassFixture<AttestedChain>
{
    private VerificationResult Verify(StateProof proof, Block? genesis = null) =>
        OfflineVerifier.VerifyState(StateProof.Parse(proof.ToJson()), genesis ?? chain.Genesis);

    private void AssertFails(string check, StateProof proof, string? message = null)
    {
        var result = Verify(proof);
        Assert.False(result.IsValid, $"expected the {check} check to fail, but: {result.Message}");
        Assert.Equal(check, result.Check);
        if (message is not null)
        {
            Assert.Contains(message, result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_quorum_of_distinct_orgs_certifies_the_block()
    {
        var result = Verify(chain.Prove(1, chain.Certificate(1, 1, chain.Signers("operator", "customs", "tax"))));

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("block 1 is certified by customs, operator, tax (3 of 4 attesting orgs; the quorum is 3)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manufacturer_counts_before_its_suspension()
    {
        // block 2 suspends it: the membership in force for block 2 is still the one after block 1
        Assert.True(Verify(chain.Prove(2, chain.Certificate(2, 2, chain.Signers("manufacturer", "operator", "customs")))).IsValid);
    }

    [Fact]
    public void A_suspended_org_does_not_count_after_its_suspension()
    {
        AssertFails("certificate-quorum", chain.Prove(3, chain.Certificate(3, 3, chain.Signers("manufacturer", "operator", "customs"))), "suspended");
    }

    [Fact]
    public void A_revoked_node_certificate_does_not_count_after_its_revocation()
    {
        Assert.True(Verify(chain.Prove(3, chain.Certificate(3, 3, [chain.OldTaxNode, .. chain.Signers("operator", "customs")]))).IsValid);
        AssertFails("certificate-quorum", chain.Prove(4, chain.Certificate(4, 4, [chain.OldTaxNode, .. chain.Signers("operator", "customs")])), "revoked");
    }

    [Fact]
    public void A_revoked_node_key_does_not_count_with_a_reencoded_certificate()
    {
        // (r, s) -> (r, n - s) changes the certificate's bytes, not what its CA signed, nor its revocation
        var header = chain.Header(4);
        var forged = SignatureMalleation.Malleate(chain.OldTaxNode.Certificate.Der);
        var attestation = new Attestation(forged, chain.OldTaxNode.Sign(Attestation.Statement(header.ChainId, 4, header.Hash)));
        var honest = chain.Certificate(4, 4, chain.Signers("operator", "customs"));
        var evidence = honest with
        {
            Attestations = [.. honest.Attestations, new CertificateEvidence.Signed(Convert.ToBase64String(forged), Convert.ToBase64String(attestation.Signature))],
            Standings =
            [
                .. honest.Standings,
                StateProofLedger.Prove(chain.Ledger, chain.Genesis, SystemState.OrgKey("tax"), 3, SystemState.ConsortiumContract).Evidence,
                StateProofLedger.Prove(chain.Ledger, chain.Genesis, SystemState.RevokedKey(attestation.CertificateHash), 3, SystemState.IdentityContract).Evidence,
            ],
        };

        AssertFails("certificate-quorum", chain.Prove(4, evidence), "revoked");
    }

    [Fact]
    public void A_later_certified_block_vouches_for_an_earlier_one()
    {
        var result = Verify(chain.Prove(1, chain.Certificate(1, 4, chain.Signers("operator", "customs", "tax"))));

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("block 4, which follows block 1, is certified", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proof_without_a_certificate_is_refused_where_the_genesis_sets_a_quorum() =>
        AssertFails("certificate", chain.Prove(1, null), "requires a commit certificate");

    [Fact]
    public void Two_orgs_are_not_a_quorum() =>
        AssertFails("certificate-quorum", chain.Prove(1, chain.Certificate(1, 1, chain.Signers("operator", "customs"))), "attested by 2 attesting orgs");

    [Fact]
    public void Two_nodes_of_one_org_are_one_org()
    {
        using var second = chain.Consortium.Node("customs", "node-customs-2");
        AssertFails("certificate-quorum", chain.Prove(1, chain.Certificate(1, 1, [second, .. chain.Signers("operator", "customs")])));
    }

    [Fact]
    public void A_flipped_signature_byte_is_refused()
    {
        var certificate = chain.Certificate(1, 1, chain.Signers("operator", "customs", "tax"));
        var signature = Convert.FromBase64String(certificate.Attestations[2].Signature);
        signature[5] ^= 0x01;
        var tampered = certificate with { Attestations = [certificate.Attestations[0], certificate.Attestations[1], certificate.Attestations[2] with { Signature = Convert.ToBase64String(signature) }] };

        AssertFails("certificate-quorum", chain.Prove(1, tampered), "does not verify");
    }

    [Fact]
    public void Attestations_of_another_block_are_refused()
    {
        var ofBlock2 = chain.Certificate(1, 2, chain.Signers("operator", "customs", "tax"));
        var claimed = chain.Certificate(1, 1, []) with { Attestations = ofBlock2.Attestations, Standings = chain.Certificate(1, 1, chain.Signers("operator", "customs", "tax")).Standings };

        AssertFails("certificate-quorum", chain.Prove(1, claimed), "does not verify over block 1");
    }

    [Fact]
    public void Missing_standings_are_refused()
    {
        var certificate = chain.Certificate(1, 1, chain.Signers("operator", "customs", "tax"));
        AssertFails("certificate-standing", chain.Prove(1, certificate with { Standings = certificate.Standings.Skip(2).ToArray() }), "does not show the standing of org 'operator'");
    }

    [Fact]
    public void A_standing_that_hides_a_suspension_is_refused()
    {
        // block 3's membership has the manufacturer suspended; claiming its record absent must fail the state proof
        var certificate = chain.Certificate(3, 3, chain.Signers("manufacturer", "operator", "customs"));
        var hidden = certificate.Standings.Select(s => s.Key == SystemState.OrgKey("manufacturer") ? s with { Present = false, Value = null } : s).ToArray();

        AssertFails("certificate-standing", chain.Prove(3, certificate with { Standings = hidden }));
    }

    [Fact]
    public void Standings_of_another_height_are_refused()
    {
        // standings after block 1 (manufacturer listed) offered for block 3 (judged after block 2, where it is suspended)
        var certificate = chain.Certificate(3, 3, chain.Signers("manufacturer", "operator", "customs"), standingsAt: 1);

        AssertFails("certificate-standing", chain.Prove(3, certificate));
    }

    [Fact]
    public void A_certificate_height_that_its_headers_do_not_reach_is_refused()
    {
        var certificate = chain.Certificate(1, 3, chain.Signers("operator", "customs", "tax"));
        AssertFails("certificate-height", chain.Prove(1, certificate with { Height = 4 }));
    }

    [Fact]
    public void A_tampered_header_between_the_proof_and_the_certificate_is_refused()
    {
        var certificate = chain.Certificate(1, 3, chain.Signers("operator", "customs", "tax"));
        var header = chain.Header(2) with { Proposer = "someone-else" };
        var tampered = certificate with { Headers = [Convert.ToBase64String(header.Encode()), certificate.Headers[1]] };

        AssertFails("header-link", chain.Prove(1, tampered));
    }

    [Fact]
    public void A_transaction_proof_carries_and_checks_its_certificate()
    {
        var block = chain.Ledger.Ledger.GetBlock(1)!;
        var record = block.Transactions[0];
        var proof = new TransactionProof(
            TransactionProof.CurrentKind,
            chain.Genesis.Header.ChainId,
            chain.Genesis.Hash.ToHex(),
            record.TxId.ToHex(),
            1,
            [Convert.ToBase64String(chain.Ledger.Ledger.GetHeaderBytes(1)!)],
            Convert.ToBase64String(record.LeafData()),
            0,
            [],
            chain.Certificate(1, 1, chain.Signers("operator", "customs", "tax")));

        var result = OfflineVerifier.VerifyTransaction(TransactionProof.Parse(proof.ToJson()), chain.Genesis);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains("certified by customs, operator, tax", result.Message, StringComparison.Ordinal);

        var without = OfflineVerifier.VerifyTransaction(TransactionProof.Parse((proof with { Certificate = null }).ToJson()), chain.Genesis);
        Assert.Equal("certificate", without.Check);
    }

    [Fact]
    public void A_certificate_on_a_chain_without_an_attestation_policy_is_refused()
    {
        using var consortium = new TestConsortium();
        using var ledger = new TestLedger(consortium);
        ledger.Commit(consortium.Transactions("manufacturer").Register("M-1"));
        var proof = StateProofLedger.Prove(ledger, consortium.Genesis, AttestedChain.Key, 1) with
        {
            Certificate = new CertificateEvidence(1, [], [], []),
        };

        var result = OfflineVerifier.VerifyState(StateProof.Parse(proof.ToJson()), consortium.Genesis);
        Assert.Equal("certificate", result.Check);
        Assert.True(OfflineVerifier.VerifyState(StateProof.Parse((proof with { Certificate = null }).ToJson()), consortium.Genesis).IsValid);
    }
}
