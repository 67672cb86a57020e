using Ledger.Core;
using Ledger.Core.Blocks;

namespace Ledger.Consensus.Attestations;

/// <summary>The other nodes a node fetches attestations from (none when it orders alone).</summary>
public interface IAttestationPeers
{
    IReadOnlyList<string> Names { get; }

    /// <summary>The attestations <paramref name="peer"/> holds for blocks <paramref name="from"/>..<paramref name="to"/> (those it has), with the block hash it applied at each height.</summary>
    Task<IReadOnlyList<PeerAttestations>> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken);
}

/// <summary>What a peer holds for one height.</summary>
public sealed record PeerAttestations(ulong Height, Hash32 BlockHash, IReadOnlyList<Attestation> Attestations);

/// <summary>A node that orders alone has no peers.</summary>
public sealed class NoAttestationPeers : IAttestationPeers
{
    public IReadOnlyList<string> Names => [];

    public Task<IReadOnlyList<PeerAttestations>> FetchAsync(string peer, ulong from, ulong to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PeerAttestations>>([]);
}
