using Google.Protobuf;
using Grpc.Core;
using Ledger.Consensus.Raft;
using Ledger.Protos.V1;
using CoreTransaction = Ledger.Core.Transactions.SignedTransaction;

namespace Ledger.Node.Grpc;

/// <summary>
/// A follower's way to the leader's door: <c>Gateway.SubmitBatch</c> on the leader's gRPC endpoint,
/// without waiting for commit (the follower sees the block itself). One channel per leader URL.
/// </summary>
public sealed class GrpcLeaderForwarder(PeerChannels channels) : ILeaderForwarder
{
    public async Task<IReadOnlyList<Exception?>> ForwardAsync(string grpcUrl, IReadOnlyList<byte[]> envelopes, CancellationToken cancellationToken)
    {
        var channel = channels.For(grpcUrl);
        var request = new SubmitBatchRequest { WaitForCommit = false, OmitResults = true };
        foreach (var envelope in envelopes)
        {
            var tx = CoreTransaction.Decode(envelope);
            var wire = new SignedTransaction { Payload = ByteString.CopyFrom(tx.Payload.Span), Signature = ByteString.CopyFrom(tx.CreatorSignature.Span) };
            foreach (var e in tx.Endorsements)
            {
                wire.Endorsements.Add(new Endorsement { Certificate = ByteString.CopyFrom(e.Signer), Signature = ByteString.CopyFrom(e.Signature) });
            }

            request.Transactions.Add(wire);
        }

        var response = await new Gateway.GatewayClient(channel)
            .SubmitBatchAsync(request, deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        // a transaction the leader holds already, or committed already (this node will apply that
        // block soon), needs no forwarding: keep waiting for its block here
        return response.Results
            .Select(r => r.ErrorCode == 0 || r.ErrorCode == (int)StatusCode.AlreadyExists
                ? null
                : (Exception)new RpcException(new Status((StatusCode)r.ErrorCode, "the leader refused it: " + r.ErrorMessage)))
            .ToArray();
    }
}
