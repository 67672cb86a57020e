using Ledger.Core;

namespace Ledger.Client.Proofs;

/// <summary>Fetches what a transaction proof needs from a node. The node is not trusted: the result is checked offline.</summary>
public static class ProofBuilder
{
    public static async Task<TransactionProof> TransactionAsync(LedgerClient client, string txId, CancellationToken cancellationToken)
    {
        var tx = await client.GetTransactionAsync(txId, cancellationToken);
        var genesis = await client.GetBlockAsync(0, cancellationToken);
        var height = tx.Header.Height;
        var headers = await client.GetHeadersAsync(1, height, cancellationToken);
        var record = BlockVerification.ToRecord(tx.Transaction);
        return new TransactionProof(
            TransactionProof.CurrentKind,
            genesis.Header.ChainId,
            Convert.ToHexStringLower(genesis.Header.Hash.Span),
            record.TxId.ToHex(),
            height,
            headers.Select(h => Convert.ToBase64String(h.Encoded.Span)).ToArray(),
            Convert.ToBase64String(record.LeafData()),
            tx.Proof.LeafIndex,
            tx.Proof.AuditPath.Select(p => Convert.ToHexStringLower(p.Span)).ToArray());
    }
}
