using Ledger.Execution;
using Ledger.State;

namespace Ledger.Consensus.Raft;

/// <summary>
/// The members of the cluster now: those of the cluster config file, then those added on chain by the
/// <c>cluster</c> contract (read from the committed state, again whenever the head moved). A member added
/// on chain under an id or Raft endpoint the file has already is ignored. Thread-safe.
/// </summary>
public sealed class ClusterDirectory(ClusterConfig file, LedgerStore ledger)
{
    private readonly Lock _lock = new();
    private volatile Snapshot? _cached;

    public ClusterConfig File => file;

    public ClusterConfig Current
    {
        get
        {
            var height = ledger.Head?.Height ?? 0;
            if (_cached is { } cached && cached.Height == height)
            {
                return cached.Config;
            }

            lock (_lock)
            {
                var record = LedgerStore.GetState(ledger.Store, StateKeys.State(ClusterContract.ContractName, ClusterContract.MembersKey));
                var members = file.Members.ToList();
                foreach (var added in ClusterContract.Read(record))
                {
                    var member = new ClusterMember(added.Id, added.Org, added.Raft, added.Grpc);
                    if (file.Find(member.Id) is null && file.AtRaft(member.RaftEndPoint) is null)
                    {
                        members.Add(member);
                    }
                }

                var config = members.Count == file.Members.Count ? file : new ClusterConfig(members);
                _cached = new Snapshot(height, config);
                return config;
            }
        }
    }

    private sealed record Snapshot(ulong Height, ClusterConfig Config);
}
