using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Merkle;
using Ledger.Core.Serialization;
using Ledger.Core.Transactions;

namespace Ledger.Client.Proofs;

/// <summary>
/// Checks proofs with no network and no trust in the node that served them: only the genesis block
/// the verifier holds is trusted. Every failure names the check that failed. Pure and thread-safe.
/// </summary>
public static class OfflineVerifier
{
    /// <summary>Checks a genesis block is well formed and returns it, or the reason it is not.</summary>
    public static (Block? Genesis, VerificationResult? Failure) LoadGenesis(byte[] bytes)
    {
        try
        {
            var genesis = Block.Decode(bytes);
            Genesis.ReadConfig(genesis);
            return (genesis, null);
        }
        catch (FormatException e)
        {
            return (null, VerificationResult.Failed("genesis", $"the genesis file is not a valid genesis block: {e.Message}"));
        }
    }

    /// <summary>
    /// Checks that <paramref name="headers"/> are the consecutive headers 1..H of the chain that
    /// starts at <paramref name="genesis"/>: heights, links, chain id, config and block time.
    /// </summary>
    public static VerificationResult VerifyHeaderChain(Block genesis, IReadOnlyList<BlockHeader> headers) => VerifyHeaderChain(genesis, genesis.Header, headers);

    /// <summary>Checks that <paramref name="headers"/> follow <paramref name="start"/> (a header already linked to <paramref name="genesis"/>).</summary>
    private static VerificationResult VerifyHeaderChain(Block genesis, BlockHeader start, IReadOnlyList<BlockHeader> headers)
    {
        var previous = start;
        foreach (var h in headers)
        {
            if (h.Height != previous.Height + 1)
            {
                return VerificationResult.Failed("header-height", $"header {h.Height} follows header {previous.Height}");
            }

            if (h.PreviousHash != previous.Hash)
            {
                return VerificationResult.Failed("header-link", $"header {h.Height} does not link to the hash of header {previous.Height}");
            }

            if (!string.Equals(h.ChainId, genesis.Header.ChainId, StringComparison.Ordinal))
            {
                return VerificationResult.Failed("header-chain-id", $"header {h.Height} is of chain '{h.ChainId}', not '{genesis.Header.ChainId}'");
            }

            if (h.ConfigHash != genesis.Header.ConfigHash || h.ConfigVersion != genesis.Header.ConfigVersion)
            {
                return VerificationResult.Failed("header-config", $"header {h.Height} names another consortium configuration");
            }

            if (h.BlockTimeUnixMs < previous.BlockTimeUnixMs)
            {
                return VerificationResult.Failed("header-time", $"header {h.Height} goes back in time");
            }

            previous = h;
        }

        return VerificationResult.Proven($"{headers.Count} headers link block {previous.Height} ({previous.Hash}) to genesis {genesis.Hash}");
    }

    /// <summary>Checks a transaction proof against a trusted genesis block.</summary>
    public static VerificationResult VerifyTransaction(TransactionProof proof, Block genesis)
    {
        var failure = CheckChain(proof.GenesisHash, proof.ChainId, proof.Headers, proof.Height, genesis, out var header, out var headers);
        if (failure is not null)
        {
            return failure;
        }

        TxRecord record;
        Hash32[] path;
        try
        {
            record = TxRecord.Decode(Convert.FromBase64String(proof.Record));
            path = proof.AuditPath.Select(Hash32.Parse).ToArray();
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("encoding", $"the proof does not decode: {e.Message}");
        }

        if (!Hash32.TryParse(proof.TxId, out var txId) || record.TxId != txId)
        {
            return VerificationResult.Failed("tx-id", $"the record is transaction {record.TxId}, the proof claims {proof.TxId}");
        }

        if (proof.LeafIndex >= header!.TxCount)
        {
            return VerificationResult.Failed("leaf-index", $"index {proof.LeafIndex} is outside block {header.Height}'s {header.TxCount} transactions");
        }

        var leaf = MerkleTree.HashLeaf(record.LeafData());
        if (!MerkleTree.VerifyInclusion(leaf, proof.LeafIndex, header.TxCount, path, header.TxRoot))
        {
            return VerificationResult.Failed("inclusion-path", $"the audit path does not lead from the record to block {header.Height}'s tx root");
        }

        var certified = VerifyCertificate(genesis, headers!, proof.Certificate, out var certifiedBy);
        if (certified is not null)
        {
            return certified;
        }

        return VerificationResult.Proven($"transaction {txId} is in block {header.Height} ({header.Hash}) at index {proof.LeafIndex}, recorded as {record.Code}{Describe(record)}; block {header.Height} links to genesis {genesis.Hash}; {certifiedBy}");
    }

    /// <summary>
    /// Checks a state proof against a trusted genesis block: the headers link block H to genesis, and
    /// the key's path leads from the claimed value (or its absence) to block H's state root.
    /// </summary>
    public static VerificationResult VerifyState(StateProof proof, Block genesis)
    {
        var failure = CheckChain(proof.GenesisHash, proof.ChainId, proof.Headers, proof.Height, genesis, out var header, out var headers);
        if (failure is not null)
        {
            return failure;
        }

        failure = CheckEvidence(header!, proof.Evidence, out var value);
        if (failure is not null)
        {
            return failure;
        }

        var certified = VerifyCertificate(genesis, headers!, proof.Certificate, out var certifiedBy);
        if (certified is not null)
        {
            return certified;
        }

        var what = value is null ? "has no value" : $"= {Show(value)}";
        return VerificationResult.Proven($"{proof.Contract}/{proof.Key} {what} after block {header!.Height} ({header.Hash}); block {header.Height} links to genesis {genesis.Hash}; {certifiedBy}");
    }

    /// <summary>Checks that a key's path leads from the claimed value (or its absence) to <paramref name="header"/>'s state root.</summary>
    private static VerificationResult? CheckEvidence(BlockHeader header, StateEvidence evidence, out byte[]? value)
    {
        value = null;
        if (string.IsNullOrEmpty(evidence.Contract) || evidence.Contract.Contains('\0', StringComparison.Ordinal) || string.IsNullOrEmpty(evidence.Key))
        {
            return VerificationResult.Failed("key", "the proof names no valid contract namespace and key");
        }

        StateProofPath path;
        try
        {
            value = evidence.Value is null ? null : Convert.FromBase64String(evidence.Value);
            var levels = evidence.Levels.Select(l => new StateProofLevel(l.Bitmap, l.Siblings.Select(Hash32.Parse).ToArray())).ToArray();
            SparseLeaf? terminal = evidence.Terminal is { } t ? new SparseLeaf(Hash32.Parse(t.KeyHash), Hash32.Parse(t.ValueHash)) : null;
            path = new StateProofPath(levels, terminal);
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("encoding", $"the proof does not decode: {e.Message}");
        }

        if (evidence.Present != value is not null)
        {
            return VerificationResult.Failed("encoding", evidence.Present ? "the proof claims a value but carries none" : "the proof claims absence but carries a value");
        }

        var keyHash = StateKey.Path(evidence.Contract, evidence.Key);
        var check = SparseMerkle.Verify(header.StateRoot, keyHash, value, path);
        return check is null
            ? null
            : VerificationResult.Failed(check, $"the path does not prove {evidence.Contract}/{evidence.Key} {(value is null ? "absent" : "present with that value")} under block {header.Height}'s state root");
    }

    /// <summary>
    /// Checks the commit certificate a proof carries, when the trusted genesis sets an attestation
    /// policy: the headers from the proof's block to the certified one, the standing of each
    /// attesting org and certificate after the block before it (state proofs), and the quorum of
    /// distinct orgs whose attestations hold. Null when it holds; <paramref name="summary"/> says by whom.
    /// </summary>
    private static VerificationResult? VerifyCertificate(Block genesis, IReadOnlyList<BlockHeader> headers, CertificateEvidence? evidence, out string summary)
    {
        summary = string.Empty;
        ConsortiumConfig config;
        try
        {
            config = Genesis.ReadConfig(genesis);
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("genesis", $"the trusted genesis holds no valid consortium config: {e.Message}");
        }

        var proven = headers.Count == 0 ? genesis.Header : headers[^1];
        if (config.Attestation is not { } policy)
        {
            summary = "the chain's genesis sets no attestation policy, so no commit certificate was checked";
            return evidence is null ? null : VerificationResult.Failed("certificate", "the proof carries a commit certificate, but the trusted genesis sets no attestation policy");
        }

        var quorum = $"{policy.Threshold} of the {policy.Orgs.Count} attesting orgs ({string.Join(", ", policy.Orgs)})";
        if (evidence is null)
        {
            if (proven.Height == 0)
            {
                summary = "genesis needs no certificate";
                return null;
            }

            return VerificationResult.Failed("certificate", $"the trusted genesis requires a commit certificate of {quorum}; the proof carries none");
        }

        BlockHeader[] extra;
        Attestation[] attestations;
        try
        {
            extra = evidence.Headers.Select(h => BlockHeader.Decode(Convert.FromBase64String(h))).ToArray();
            attestations = evidence.Attestations.Select(a => new Attestation(Convert.FromBase64String(a.Certificate), Convert.FromBase64String(a.Signature))).ToArray();
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("encoding", $"the commit certificate does not decode: {e.Message}");
        }

        var link = VerifyHeaderChain(genesis, proven, extra);
        if (!link.IsValid)
        {
            return link;
        }

        var certified = extra.Length == 0 ? proven : extra[^1];
        if (certified.Height != evidence.Height || certified.Height == 0)
        {
            return VerificationResult.Failed("certificate-height", $"the certificate claims block {evidence.Height}, its headers end at {certified.Height}");
        }

        // the membership in force for block C is the state after block C-1
        var all = headers.Concat(extra).ToArray();
        var before = certified.Height == 1 ? genesis.Header : all[(int)certified.Height - 2];
        var standings = new Dictionary<(string Contract, string Key), byte[]?>();
        foreach (var standing in evidence.Standings)
        {
            var failure = CheckEvidence(before, standing, out var value);
            if (failure is not null)
            {
                return VerificationResult.Failed("certificate-standing", $"a standing proof of the certificate does not hold after block {before.Height}: {failure.Check}: {failure.Message}");
            }

            standings[(standing.Contract, standing.Key)] = value;
        }

        var judged = new List<(Attestation, Membership, bool)>();
        foreach (var attestation in attestations)
        {
            var org = CommitCertificate.OrgOf(attestation.Certificate);
            if (org is null || !policy.Includes(org))
            {
                continue; // no attesting org's: it could not count whatever its standing
            }

            var orgKey = (SystemState.ConsortiumContract, SystemState.OrgKey(org));
            var revokedKey = (SystemState.IdentityContract, SystemState.RevokedKey(attestation.CertificateHash));
            if (!standings.TryGetValue(orgKey, out var record) || !standings.TryGetValue(revokedKey, out var revocation))
            {
                return VerificationResult.Failed("certificate-standing", $"the proof does not show the standing of org '{org}' and of its node certificate after block {before.Height}");
            }

            judged.Add((attestation, CommitCertificate.MembershipFor(config, org, record, record is not null), revocation is not null));
        }

        var verdict = CommitCertificate.Count(policy, certified, judged);
        if (!verdict.Certified)
        {
            var refused = verdict.Refused.Count == 0 ? string.Empty : $"; refused: {string.Join("; ", verdict.Refused)}";
            return VerificationResult.Failed("certificate-quorum", $"block {certified.Height} is attested by {verdict.Orgs.Count} attesting orgs ({string.Join(", ", verdict.Orgs)}), the genesis requires {quorum}{refused}");
        }

        summary = $"block {certified.Height}{(certified.Height == proven.Height ? string.Empty : $", which follows block {proven.Height},")} is certified by {string.Join(", ", verdict.Orgs)} ({verdict.Orgs.Count} of {policy.Orgs.Count} attesting orgs; the quorum is {policy.Threshold})";
        return null;
    }

    /// <summary>The checks every proof shares: genesis, chain, header chain and height. Sets the header of the proof's height.</summary>
    private static VerificationResult? CheckChain(string genesisHashHex, string chainId, IReadOnlyList<string> encodedHeaders, ulong height, Block genesis, out BlockHeader? header, out BlockHeader[]? decoded)
    {
        header = null;
        decoded = null;
        if (!Hash32.TryParse(genesisHashHex, out var genesisHash) || genesisHash != genesis.Hash)
        {
            return VerificationResult.Failed("genesis", $"the proof is for genesis {genesisHashHex}, the trusted genesis is {genesis.Hash}");
        }

        if (!string.Equals(chainId, genesis.Header.ChainId, StringComparison.Ordinal))
        {
            return VerificationResult.Failed("chain-id", $"the proof is for chain '{chainId}', the trusted genesis is of '{genesis.Header.ChainId}'");
        }

        BlockHeader[] headers;
        try
        {
            headers = encodedHeaders.Select(h => BlockHeader.Decode(Convert.FromBase64String(h))).ToArray();
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("encoding", $"the proof does not decode: {e.Message}");
        }

        var chain = VerifyHeaderChain(genesis, headers);
        if (!chain.IsValid)
        {
            return chain;
        }

        var last = headers.Length == 0 ? genesis.Header : headers[^1];
        if (last.Height != height)
        {
            return VerificationResult.Failed("height", $"the headers end at {last.Height}, the proof claims block {height}");
        }

        header = last;
        decoded = headers;
        return null;
    }

    /// <summary>A value as text when it is printable UTF-8 (contract state is JSON), else its size and hash.</summary>
    private static string Show(byte[] value)
    {
        try
        {
            var text = new System.Text.UTF8Encoding(false, true).GetString(value);
            if (!text.Any(char.IsControl))
            {
                return text.Length <= 2000 ? text : $"{text[..2000]}… ({value.Length} bytes)";
            }
        }
        catch (ArgumentException)
        {
            // not UTF-8: shown by size and hash below
        }

        return $"{value.Length} bytes (SHA-256 {Hash32.Compute(value)})";
    }

    private static string Describe(TxRecord record)
    {
        try
        {
            var payload = TxPayload.Decode(SignedTransaction.Decode(record.Envelope).Payload.Span);
            var creator = MemberCertificate.Parse(payload.Creator);
            return $" ({payload.Contract}.{payload.Function} by {creator.Name}@{creator.Org})";
        }
        catch (Exception e) when (e is LedgerFormatException or System.Security.Cryptography.CryptographicException)
        {
            return string.Empty;
        }
    }
}
