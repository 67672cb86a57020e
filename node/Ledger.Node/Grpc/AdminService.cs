using Grpc.Core;
using Ledger.Consensus;
using Ledger.Consensus.Attestations;
using Ledger.Consensus.Raft;
using Ledger.Protos;
using Ledger.Protos.V1;
using Ledger.State;

namespace Ledger.Node.Grpc;

/// <summary>Node status for operators and clients.</summary>
// Not sealed, and its handlers are virtual and declared here: Grpc.AspNetCore binds handlers that
// are declared by the type named in [BindServiceMethod] (see StrictBinding).
[BindServiceMethod(typeof(AdminBinding), nameof(AdminBinding.BindService))]
public class AdminService(LedgerStore ledger, Mempool mempool, NodeIdentityOptions node, AttestationService attestations, IServiceProvider services)
{
    private static readonly string Version = typeof(AdminService).Assembly.GetName().Version?.ToString() ?? "0";

    public virtual Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var head = ledger.Head!;
        var genesis = ledger.Genesis!;
        var raft = services.GetService<RaftNode>();
        return Task.FromResult(new StatusResponse
        {
            ChainId = genesis.Header.ChainId,
            Height = head.Height,
            LastBlockHash = ProtoMapper.Bytes(head.Hash),
            GenesisHash = ProtoMapper.Bytes(genesis.Hash),
            StateRoot = ProtoMapper.Bytes(head.StateRoot),
            NodeId = node.NodeId,
            LastBlockTimeUnixMs = head.BlockTimeUnixMs,
            MempoolSize = (ulong)mempool.Count,
            DiskBytes = ledger.Store.DiskSizeBytes(),
            Version = Version,
            Role = Role(raft),
            Leader = raft?.Leader?.Id ?? string.Empty,
            Term = raft?.Term ?? 0,
            Peers = (uint)(raft?.PeersConnected ?? 0),
            CertifiedHeight = attestations.CertifiedHeight,
            AttestationQuorum = (uint)(attestations.Policy?.Threshold ?? 0),
        });
    }

    private static string Role(RaftNode? raft) => raft switch
    {
        null => "solo",
        { IsLeader: true } => "leader",
        { Leader: null } => "no-leader",
        _ => "follower",
    };
}
