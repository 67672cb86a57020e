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
        var failure = CheckChain(proof.GenesisHash, proof.ChainId, proof.Headers, proof.Height, genesis, out var header);
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

        return VerificationResult.Proven($"transaction {txId} is in block {header.Height} ({header.Hash}) at index {proof.LeafIndex}, recorded as {record.Code}{Describe(record)}; block {header.Height} links to genesis {genesis.Hash}");
    }

    /// <summary>
    /// Checks a state proof against a trusted genesis block: the headers link block H to genesis, and
    /// the key's path leads from the claimed value (or its absence) to block H's state root.
    /// </summary>
    public static VerificationResult VerifyState(StateProof proof, Block genesis)
    {
        var failure = CheckChain(proof.GenesisHash, proof.ChainId, proof.Headers, proof.Height, genesis, out var header);
        if (failure is not null)
        {
            return failure;
        }

        if (string.IsNullOrEmpty(proof.Contract) || proof.Contract.Contains('\0', StringComparison.Ordinal) || string.IsNullOrEmpty(proof.Key))
        {
            return VerificationResult.Failed("key", "the proof names no valid contract namespace and key");
        }

        byte[]? value;
        StateProofPath path;
        try
        {
            value = proof.Value is null ? null : Convert.FromBase64String(proof.Value);
            var levels = proof.Levels.Select(l => new StateProofLevel(l.Bitmap, l.Siblings.Select(Hash32.Parse).ToArray())).ToArray();
            SparseLeaf? terminal = proof.Terminal is { } t ? new SparseLeaf(Hash32.Parse(t.KeyHash), Hash32.Parse(t.ValueHash)) : null;
            path = new StateProofPath(levels, terminal);
        }
        catch (FormatException e)
        {
            return VerificationResult.Failed("encoding", $"the proof does not decode: {e.Message}");
        }

        if (proof.Present != value is not null)
        {
            return VerificationResult.Failed("encoding", proof.Present ? "the proof claims a value but carries none" : "the proof claims absence but carries a value");
        }

        var keyHash = StateKey.Path(proof.Contract, proof.Key);
        var check = SparseMerkle.Verify(header!.StateRoot, keyHash, value, path);
        if (check is not null)
        {
            return VerificationResult.Failed(check, $"the path does not prove {proof.Contract}/{proof.Key} {(value is null ? "absent" : "present with that value")} under block {header.Height}'s state root");
        }

        var what = value is null ? "has no value" : $"= {Show(value)}";
        return VerificationResult.Proven($"{proof.Contract}/{proof.Key} {what} after block {header.Height} ({header.Hash}); block {header.Height} links to genesis {genesis.Hash}");
    }

    /// <summary>The checks every proof shares: genesis, chain, header chain and height. Sets the header of the proof's height.</summary>
    private static VerificationResult? CheckChain(string genesisHashHex, string chainId, IReadOnlyList<string> encodedHeaders, ulong height, Block genesis, out BlockHeader? header)
    {
        header = null;
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
