using Ledger.Consensus.Attestations;
using Ledger.Consensus.Raft;
using Ledger.Core;
using Ledger.Protos;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>The other members of the cluster, asked with <c>Ledger.GetAttestations</c> on their gRPC endpoints.</summary>
/// <remarks>The members are those of the cluster now (<see cref="ClusterDirectory"/>): one added at run time is asked too.</remarks>
public sealed class GrpcAttestationPeers(ClusterDirectory cluster, ClusterMember self, PeerChannels channels) : IAttestationPeers
{
    public IReadOnlyList<string> Names => [.. Others().Select(m => m.Id)];

    public async Task<IReadOnlyList<PeerAttestations>> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken)
    {
        var url = Others().First(m => string.Equals(m.Id, peer, StringComparison.Ordinal)).Grpc;
        var client = new Protos.V1.Ledger.LedgerClient(channels.For(url));
        var response = await client.GetAttestationsAsync(new GetAttestationsRequest { FromHeight = from, ToHeight = to }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Certificates
            .Where(c => c.BlockHash.Length == Hash32.Size)
            .Select(c => new PeerAttestations(c.Height, new Hash32(c.BlockHash.Span), ProtoMapper.FromProto(c)))
            .ToArray();
    }

    private IEnumerable<ClusterMember> Others() => cluster.Current.Members.Where(m => !string.Equals(m.Id, self.Id, StringComparison.Ordinal));
}
