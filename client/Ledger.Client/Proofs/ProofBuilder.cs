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

    /// <param name="height">A committed height, or null for the head.</param>
    public static async Task<StateProof> StateAsync(LedgerClient client, string contract, string key, ulong? height, CancellationToken cancellationToken)
    {
        var response = await client.GetStateProofAsync(contract, key, height, cancellationToken);
        var genesis = await client.GetBlockAsync(0, cancellationToken);
        var at = response.Header.Height;
        var headers = at == 0 ? [] : await client.GetHeadersAsync(1, at, cancellationToken);
        return new StateProof(
            StateProof.CurrentKind,
            genesis.Header.ChainId,
            Convert.ToHexStringLower(genesis.Header.Hash.Span),
            contract,
            key,
            at,
            headers.Select(h => Convert.ToBase64String(h.Encoded.Span)).ToArray(),
            response.Present,
            response.Present ? Convert.ToBase64String(response.Value.Span) : null,
            response.Levels.Select(l => new StateProof.Level((ushort)l.Bitmap, l.Siblings.Select(b => Convert.ToHexStringLower(b.Span)).ToArray())).ToArray(),
            response.Terminal is { } leaf
                ? new StateProof.Leaf(Convert.ToHexStringLower(leaf.KeyHash.Span), Convert.ToHexStringLower(leaf.ValueHash.Span))
                : null);
    }
}
