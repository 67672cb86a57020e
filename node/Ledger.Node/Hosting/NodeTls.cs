using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ledger.Consensus.Raft;
using Ledger.Execution;
using Ledger.State;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Ledger.Node.Hosting;

/// <summary>
/// TLS on the node's gRPC endpoints: it serves its node certificate (from its org's CA), and asks
/// clients for theirs. A client that presents one is let in only if it is a member of the
/// consortium (chains by signature to an org's CA in the membership in force, valid now) and not
/// revoked in the committed state; one without a certificate is served as before (every
/// transaction and query is signed anyway). The system trust store plays no part.
/// </summary>
public sealed class NodeTls(IServiceProvider services, MembershipDirectory membership, LedgerStore ledger, TimeProvider time, ILogger<NodeTls> logger)
{
    public HttpsConnectionAdapterOptions ServerOptions() => new()
    {
        ServerCertificate = services.GetRequiredService<SigningIdentityFile>().Certificate,
        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
        CheckCertificateRevocation = false,
        ClientCertificateValidation = (certificate, _, _) => Check(certificate) is null,
    };

    /// <returns>Null when a client certificate is a member's, else why not.</returns>
    public string? Check(X509Certificate2 certificate)
    {
        var resolved = membership.At(ledger.Store).Resolve(certificate.RawData, time.GetUtcNow().ToUnixTimeMilliseconds());
        var reason = resolved.Member is not { } member ? resolved.Reason
            : BlockExecutor.IsRevoked(ledger.Store, member.Certificate.Hash) ? $"the certificate of {member.Certificate.Name}@{member.Org.Id} is revoked"
            : null;
        if (reason is not null)
        {
            NodeLog.TlsClientRefused(logger, reason);
        }

        return reason;
    }

    /// <summary>How this node checks a peer node's server certificate when it calls it: the name, and the Raft peer policy.</summary>
    public static RemoteCertificateValidationCallback PeerValidation(RaftPeerPolicy policy) =>
        (_, certificate, _, errors) => (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0 && policy.Check(certificate) is null;
}
