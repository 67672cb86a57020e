using Ledger.Consensus.Attestations;
using Ledger.Consensus.Raft;
using Ledger.Core;
using Ledger.Protos;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>The other members of the cluster, asked with <c>Ledger.GetAttestations</c> on their gRPC endpoints.</summary>
public sealed class GrpcAttestationPeers(ClusterConfig cluster, ClusterMember self, PeerChannels channels) : IAttestationPeers
{
    private readonly Dictionary<string, string> _urls = cluster.Members
        .Where(m => !string.Equals(m.Id, self.Id, StringComparison.Ordinal))
        .ToDictionary(m => m.Id, m => m.Grpc, StringComparer.Ordinal);

    public IReadOnlyList<string> Names => [.. _urls.Keys];

    public async Task<IReadOnlyList<PeerAttestations>> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken)
    {
        var client = new Protos.V1.Ledger.LedgerClient(channels.For(_urls[peer]));
        var response = await client.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = from, ToHeight = to }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Certificates
            .Where(c => c.BlockHash.Length == Hash32.Size)
            .Select(c => new PeerAttestations(c.Height, new Hash32(c.BlockHash.Span), ProtoMapper.FromProto(c)))
            .ToArray();
    }
}
