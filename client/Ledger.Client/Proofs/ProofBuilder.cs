using Ledger.Core;
using Ledger.Core.Consortium;
using Ledger.Protos;

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
            tx.Proof.AuditPath.Select(p => Convert.ToHexStringLower(p.Span)).ToArray(),
            await CertificateAsync(client, height, cancellationToken));
    }

    /// <param name="height">A committed height, or null for the head.</param>
    public static async Task<StateProof> StateAsync(LedgerClient client, string contract, string key, ulong? height, CancellationToken cancellationToken)
    {
        var response = await client.GetStateProofAsync(contract, key, height, cancellationToken);
        var genesis = await client.GetBlockAsync(0, cancellationToken);
        var at = response.Header.Height;
        var headers = at == 0 ? [] : await client.GetHeadersAsync(1, at, cancellationToken);
        var evidence = Evidence(contract, key, response);
        return new StateProof(
            StateProof.CurrentKind,
            genesis.Header.ChainId,
            Convert.ToHexStringLower(genesis.Header.Hash.Span),
            contract,
            key,
            at,
            headers.Select(h => Convert.ToBase64String(h.Encoded.Span)).ToArray(),
            evidence.Present,
            evidence.Value,
            evidence.Levels,
            evidence.Terminal,
            await CertificateAsync(client, at, cancellationToken));
    }

    /// <summary>How long a proof waits for its block's commit certificate (attestations take a moment after the commit).</summary>
    public static readonly TimeSpan CertificateWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The commit certificate for block <paramref name="height"/>: its own, or that of the next
    /// certified block after it, with the state proofs of each attester's standing. Null when the
    /// chain sets no attestation policy (or for genesis).
    /// </summary>
    /// <param name="wait">How long to wait for a certificate (default <see cref="CertificateWait"/>).</param>
    /// <exception cref="InvalidOperationException">No block at or after the height is certified in time.</exception>
    public static async Task<CertificateEvidence?> CertificateAsync(LedgerClient client, ulong height, CancellationToken cancellationToken, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? CertificateWait);
        var status = await client.StatusAsync(cancellationToken);
        if (status.AttestationQuorum == 0 || height == 0)
        {
            return null;
        }

        while (status.CertifiedHeight < height)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"block {height} has no commit certificate yet: the node has certificates up to block {status.CertifiedHeight} (is a quorum of {status.AttestationQuorum} attesting orgs' nodes up?)");
            }

            await Task.Delay(100, cancellationToken);
            status = await client.StatusAsync(cancellationToken);
        }

        // its own certificate, else the nearest later one (a later certified block vouches for its history)
        Protos.V1.CommitCertificate? certificate = null;
        for (var from = height; certificate is null && from <= status.CertifiedHeight; from += 64)
        {
            var page = await client.Ledger.GetAttestationsAsync(new Protos.V1.GetAttestationsRequest { FromHeight = from, ToHeight = Math.Min(status.CertifiedHeight, from + 63) }, cancellationToken: cancellationToken);
            certificate = page.Certificates.FirstOrDefault(c => c.Certified && c.Height >= height);
        }

        if (certificate is null)
        {
            throw new InvalidOperationException($"the node reports certificates up to block {status.CertifiedHeight} but serves none at or after block {height}");
        }

        var extra = certificate.Height > height ? await client.GetHeadersAsync(height + 1, certificate.Height, cancellationToken) : [];
        var standings = new List<StateEvidence>();
        foreach (var attestation in ProtoMapper.FromProto(certificate))
        {
            if (CommitCertificate.OrgOf(attestation.Certificate) is not { } org)
            {
                continue;
            }

            foreach (var (contract, key) in new[] { (SystemState.ConsortiumContract, SystemState.OrgKey(org)), (SystemState.IdentityContract, SystemState.RevokedKey(attestation.CertificateHash)) })
            {
                if (standings.Any(s => s.Contract == contract && s.Key == key))
                {
                    continue;
                }

                var proof = await client.GetStateProofAsync(contract, key, certificate.Height - 1, cancellationToken);
                standings.Add(Evidence(contract, key, proof));
            }
        }

        return new CertificateEvidence(
            certificate.Height,
            extra.Select(h => Convert.ToBase64String(h.Encoded.Span)).ToArray(),
            certificate.Attestations.Select(a => new CertificateEvidence.Signed(Convert.ToBase64String(a.Certificate.Span), Convert.ToBase64String(a.Signature.Span))).ToArray(),
            standings);
    }

    private static StateEvidence Evidence(string contract, string key, Protos.V1.GetStateProofResponse response) => new(
        contract,
        key,
        response.Present,
        response.Present ? Convert.ToBase64String(response.Value.Span) : null,
        response.Levels.Select(l => new StateProof.Level((ushort)l.Bitmap, l.Siblings.Select(b => Convert.ToHexStringLower(b.Span)).ToArray())).ToArray(),
        response.Terminal is { } leaf ? new StateProof.Leaf(Convert.ToHexStringLower(leaf.KeyHash.Span), Convert.ToHexStringLower(leaf.ValueHash.Span)) : null);
}
