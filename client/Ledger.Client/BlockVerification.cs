using Ledger.Core;
using Ledger.Core.Merkle;
using Ledger.Protos.V1;
using CoreBlock = Ledger.Core.Blocks.Block;
using CoreHeader = Ledger.Core.Blocks.BlockHeader;

namespace Ledger.Client;

/// <summary>Checks what a node serves against the canonical bytes it also serves, without trusting it.</summary>
public static class BlockVerification
{
    /// <summary>Decodes a served block from its canonical bytes and checks hash and tx root agree with them.</summary>
    /// <exception cref="InvalidDataException">The served block is inconsistent.</exception>
    public static CoreBlock Decode(Block served)
    {
        var block = CoreBlock.Decode(served.Encoded.Span);
        if (!served.Header.Hash.Span.SequenceEqual(block.Hash.ToArray()))
        {
            throw new InvalidDataException($"block {block.Height}: the served hash is not the hash of the served header");
        }

        if (CoreBlock.ComputeTxRoot(block.Transactions) != block.Header.TxRoot)
        {
            throw new InvalidDataException($"block {block.Height}: the transactions do not match the tx root");
        }

        return block;
    }

    /// <summary>Checks a transaction's inclusion proof against the header it came with.</summary>
    public static bool VerifyInclusion(GetTransactionResponse response)
    {
        var header = CoreHeader.Decode(response.Header.Encoded.Span);
        if (!response.Header.Hash.Span.SequenceEqual(header.Hash.ToArray()) || response.Proof.TreeSize != header.TxCount)
        {
            // the proof must claim the tree size the header commits to (RFC 9162 proofs do not bind it)
            return false;
        }

        var record = ToRecord(response.Transaction);
        var leaf = MerkleTree.HashLeaf(record.LeafData());
        if (!string.Equals(record.TxId.ToHex(), response.Transaction.TxId, StringComparison.OrdinalIgnoreCase) ||
            !response.Proof.LeafHash.Span.SequenceEqual(leaf.ToArray()))
        {
            return false;
        }

        if (response.Proof.AuditPath.Any(p => p.Length != Hash32.Size))
        {
            return false;
        }

        var path = response.Proof.AuditPath.Select(p => new Hash32(p.Span)).ToArray();
        return MerkleTree.VerifyInclusion(leaf, response.Proof.LeafIndex, response.Proof.TreeSize, path, header.TxRoot);
    }

    /// <summary>The core record a served transaction claims to be (its leaf is what the proof proves).</summary>
    public static Core.Transactions.TxRecord ToRecord(TransactionRecord tx)
    {
        if (!Enum.TryParse<Core.Transactions.ValidationCode>(tx.ValidationCode, out var code))
        {
            throw new InvalidDataException($"unknown validation code '{tx.ValidationCode}'");
        }

        var events = tx.Events.Select(e => new Core.Transactions.ContractEvent(e.Name, e.PayloadJson)).ToArray();
        return new Core.Transactions.TxRecord(tx.Envelope.ToByteArray(), code, tx.ReasonCode, tx.Reason, tx.ResultJson, events);
    }
}
