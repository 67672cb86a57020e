using Ledger.Core;
using Ledger.Core.Blocks;
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
    public static VerificationResult VerifyHeaderChain(Block genesis, IReadOnlyList<BlockHeader> headers)
    {
        var previous = genesis.Header;
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
        if (!Hash32.TryParse(proof.GenesisHash, out var genesisHash) || genesisHash != genesis.Hash)
        {
            return VerificationResult.Failed("genesis", $"the proof is for genesis {proof.GenesisHash}, the trusted genesis is {genesis.Hash}");
        }

        if (!string.Equals(proof.ChainId, genesis.Header.ChainId, StringComparison.Ordinal))
        {
            return VerificationResult.Failed("chain-id", $"the proof is for chain '{proof.ChainId}', the trusted genesis is of '{genesis.Header.ChainId}'");
        }

        BlockHeader[] headers;
        TxRecord record;
        Hash32[] path;
        try
        {
            headers = proof.Headers.Select(h => BlockHeader.Decode(Convert.FromBase64String(h))).ToArray();
            record = TxRecord.Decode(Convert.FromBase64String(proof.Record));
            path = proof.AuditPath.Select(Hash32.Parse).ToArray();
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

        if (headers.Length == 0 || headers[^1].Height != proof.Height)
        {
            return VerificationResult.Failed("height", $"the headers end at {(headers.Length == 0 ? 0 : headers[^1].Height)}, the proof claims block {proof.Height}");
        }

        if (!Hash32.TryParse(proof.TxId, out var txId) || record.TxId != txId)
        {
            return VerificationResult.Failed("tx-id", $"the record is transaction {record.TxId}, the proof claims {proof.TxId}");
        }

        var header = headers[^1];
        if (proof.LeafIndex >= header.TxCount)
        {
            return VerificationResult.Failed("leaf-index", $"index {proof.LeafIndex} is outside block {header.Height}'s {header.TxCount} transactions");
        }

        var leaf = MerkleTree.HashLeaf(record.LeafData());
        if (!MerkleTree.VerifyInclusion(leaf, proof.LeafIndex, header.TxCount, path, header.TxRoot))
        {
            return VerificationResult.Failed("inclusion-path", $"the audit path does not lead from the record to block {header.Height}'s tx root");
        }

        return VerificationResult.Proven($"transaction {txId} is in block {header.Height} ({header.Hash}) at index {proof.LeafIndex}, recorded as {record.Code}{Describe(record)}; block {header.Height} links to genesis {genesis.Hash}");
    }

    private static string Describe(TxRecord record)
    {
        try
        {
            var payload = TxPayload.Decode(SignedTransaction.Decode(record.Envelope).Payload);
            var creator = MemberCertificate.Parse(payload.Creator);
            return $" ({payload.Contract}.{payload.Function} by {creator.Name}@{creator.Org})";
        }
        catch (Exception e) when (e is LedgerFormatException or System.Security.Cryptography.CryptographicException)
        {
            return string.Empty;
        }
    }
}
