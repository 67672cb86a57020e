using System.Collections.Concurrent;
using Grpc.Net.Client;

namespace Ledger.Node.Grpc;

/// <summary>One gRPC channel per peer URL, shared by the leader forwarder and the attestation fetcher. Thread-safe.</summary>
public sealed class PeerChannels : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public GrpcChannel For(string url) =>
        _channels.GetOrAdd(url, u => GrpcChannel.ForAddress(u, new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = null }));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
