using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>Wire transactions into the canonical envelopes the node checks and blocks record.</summary>
public static class EnvelopeMapper
{
    /// <summary>The canonical envelope of a wire transaction (the bytes a block records).</summary>
    public static byte[] ToEnvelope(Protos.V1.SignedTransaction? tx, string field)
    {
        if (tx is null)
        {
            throw StatusMapping.InvalidArgument(field, $"{field} is required");
        }

        if (tx.Payload.IsEmpty)
        {
            throw StatusMapping.InvalidArgument(field + ".payload", $"{field}.payload is empty");
        }

        Core.Transactions.Endorsement[] endorsements = tx.Endorsements.Count == 0
            ? []
            : tx.Endorsements.Select(e => new Core.Transactions.Endorsement(e.Certificate.ToByteArray(), e.Signature.ToByteArray())).ToArray();
        return Core.Transactions.SignedTransaction.Encode(tx.Payload.Span, tx.Signature.Span, endorsements);
    }
}
