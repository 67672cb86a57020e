using System.Security.Cryptography.X509Certificates;
using Ledger.Execution;
using Ledger.State;

namespace Ledger.Consensus.Raft;

/// <summary>
/// Who may speak Raft with this node: a peer whose TLS certificate is a node certificate (OU
/// <c>node</c>) issued by the CA of an org of the consortium (signature-checked against the root in
/// genesis, or filed since), of an org that runs a member of the cluster, valid now, and not
/// revoked in the committed state. The operating system's trust store plays no part.
/// </summary>
public sealed class RaftPeerPolicy(Func<ClusterConfig> cluster, MembershipDirectory membership, LedgerStore ledger, TimeProvider time)
{
    public RaftPeerPolicy(ClusterConfig cluster, MembershipDirectory membership, LedgerStore ledger, TimeProvider time)
        : this(() => cluster, membership, ledger, time)
    {
    }

    public const string NodeRole = Core.Blocks.Attestation.NodeRole;

    /// <returns>Null when the peer is trusted, else why not.</returns>
    public string? Check(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return "the peer presented no certificate";
        }

        var der = certificate.GetRawCertData();
        var resolved = membership.At(ledger.Store).Resolve(der, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (resolved.Member is not { } member)
        {
            return resolved.Reason;
        }

        if (!string.Equals(member.Certificate.MemberRole, NodeRole, StringComparison.Ordinal))
        {
            return $"{member.Certificate.Name}@{member.Org.Id} is a '{member.Certificate.MemberRole}' certificate, not a node's";
        }

        if (!cluster().Members.Any(m => string.Equals(m.Org, member.Org.Id, StringComparison.Ordinal)))
        {
            return $"org '{member.Org.Id}' runs no node of this cluster";
        }

        return BlockExecutor.IsRevoked(ledger.Store, member.Certificate.Hash) ? $"the certificate of {member.Certificate.Name}@{member.Org.Id} is revoked" : null;
    }
}
