using System.Collections.Concurrent;
using Grpc.Net.Client;
using Ledger.Consensus.Raft;
using Ledger.Node.Hosting;

namespace Ledger.Node.Grpc;

/// <summary>
/// One gRPC channel per peer URL, shared by the leader forwarder and the attestation fetcher. To an
/// <c>https://</c> peer this node presents its node certificate, and accepts only a server certificate
/// that names the host and passes the Raft peer policy (a consortium node of a cluster org, not
/// revoked). Thread-safe.
/// </summary>
public sealed class PeerChannels(SigningIdentityFile? identity, RaftPeerPolicy? policy) : IDisposable
{
    /// <summary>The most a peer's answer may hold (64 heights of attestations, or a batch's results, are far less).</summary>
    public const int MaxReceiveBytes = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public GrpcChannel For(string url) => _channels.GetOrAdd(url, Create);

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Create(string url)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan };
        if (NodeEndpoints.IsTls(url))
        {
            if (identity is null || policy is null)
            {
                throw new InvalidOperationException($"peer '{url}' serves TLS, and this node has no cluster identity to call it with");
            }

            handler.SslOptions.ClientCertificates = [identity.Certificate];
            handler.SslOptions.RemoteCertificateValidationCallback = NodeTls.PeerValidation(policy);
        }

        return GrpcChannel.ForAddress(url, new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = MaxReceiveBytes, HttpHandler = handler, DisposeHttpClient = true });
    }
}
