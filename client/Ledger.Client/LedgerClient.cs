using Grpc.Core;
using Grpc.Net.Client;
using Ledger.Protos.V1;

namespace Ledger.Client;

/// <summary>
/// A connection to one node: the Gateway, Ledger and Admin services over one gRPC channel.
/// Thread-safe; dispose to close the channel.
/// </summary>
public sealed class LedgerClient : IDisposable
{
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    /// <param name="address">The node's gRPC URL: <c>http://</c> (cleartext h2c) or <c>https://</c> (TLS).</param>
    /// <param name="trust">For an <c>https://</c> node: the consortium's CA roots its certificate must chain to.</param>
    /// <param name="clientCertificate">A certificate (with its key) to present, for nodes that ask for one.</param>
    /// <exception cref="ArgumentException">Not a node URL, or an https URL without <paramref name="trust"/>.</exception>
    public LedgerClient(string address, ConsortiumTrust? trust = null, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' is not an http:// or https:// node address", nameof(address));
        }

        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan };
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            if (trust is null)
            {
                throw new ArgumentException($"'{address}' is a TLS node: give the consortium's trust roots (--trust FILE: its genesis block, config JSON or CA bundle)", nameof(trust));
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                TlsFailure = trust.Check(certificate, errors);
                return TlsFailure is null;
            };
            if (clientCertificate is not null)
            {
                handler.SslOptions.ClientCertificates = [clientCertificate];
            }
        }

        _channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
        Gateway = new Gateway.GatewayClient(_channel);
        Ledger = new Protos.V1.Ledger.LedgerClient(_channel);
        Admin = new Admin.AdminClient(_channel);
        Address = uri.ToString().TrimEnd('/');
    }

    public string Address { get; }

    /// <summary>Why the node's TLS certificate was last refused (null when it was not).</summary>
    public string? TlsFailure { get; private set; }

    public Gateway.GatewayClient Gateway { get; }

    public Protos.V1.Ledger.LedgerClient Ledger { get; }

    public Admin.AdminClient Admin { get; }

    public async Task<StatusResponse> StatusAsync(CancellationToken cancellationToken) =>
        await Admin.StatusAsync(new StatusRequest(), cancellationToken: cancellationToken);

    /// <summary>Submits one transaction; with <paramref name="waitForCommit"/>, returns once its block commits (or the node's wait times out).</summary>
    public async Task<SubmitResponse> SubmitAsync(SignedTransaction transaction, bool waitForCommit, uint timeoutMs, CancellationToken cancellationToken) =>
        await Gateway.SubmitAsync(new SubmitRequest { Transaction = transaction, WaitForCommit = waitForCommit, TimeoutMs = timeoutMs }, cancellationToken: cancellationToken);

    public async Task<EvaluateResponse> EvaluateAsync(SignedTransaction query, CancellationToken cancellationToken) =>
        await Gateway.EvaluateAsync(new EvaluateRequest { Query = query }, cancellationToken: cancellationToken);

    public async Task<Block> GetBlockAsync(ulong height, CancellationToken cancellationToken) =>
        await Ledger.GetBlockAsync(new GetBlockRequest { Height = height }, cancellationToken: cancellationToken);

    public async Task<Block> GetLatestBlockAsync(CancellationToken cancellationToken) =>
        await Ledger.GetBlockAsync(new GetBlockRequest { Latest = true }, cancellationToken: cancellationToken);

    public async Task<GetTransactionResponse> GetTransactionAsync(string txId, CancellationToken cancellationToken) =>
        await Ledger.GetTransactionAsync(new GetTransactionRequest { TxId = txId }, cancellationToken: cancellationToken);

    /// <summary>The consecutive canonical headers <paramref name="fromHeight"/>..<paramref name="toHeight"/>, fetched in pages.</summary>
    public async Task<IReadOnlyList<BlockHeader>> GetHeadersAsync(ulong fromHeight, ulong toHeight, CancellationToken cancellationToken)
    {
        var headers = new List<BlockHeader>();
        for (var from = fromHeight; from <= toHeight; from += 10_000)
        {
            var to = Math.Min(toHeight, from + 9_999);
            var page = await Ledger.GetHeadersAsync(new GetHeadersRequest { FromHeight = from, ToHeight = to }, cancellationToken: cancellationToken);
            headers.AddRange(page.Headers);
        }

        return headers;
    }

    /// <summary>Blocks from <paramref name="fromHeight"/> on, as they commit, until cancelled.</summary>
    /// <summary>A state key's value or absence at <paramref name="height"/> (null: the head), with its state tree path.</summary>
    public async Task<GetStateProofResponse> GetStateProofAsync(string contract, string key, ulong? height, CancellationToken cancellationToken)
    {
        var request = new GetStateProofRequest { Contract = contract, Key = key };
        if (height is { } h)
        {
            request.Height = h;
        }

        return await Ledger.GetStateProofAsync(request, cancellationToken: cancellationToken);
    }

    public async IAsyncEnumerable<Block> StreamBlocksAsync(ulong fromHeight, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = Ledger.StreamBlocks(new StreamBlocksRequest { FromHeight = fromHeight }, cancellationToken: cancellationToken);
        await foreach (var block in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return block;
        }
    }

    public void Dispose() => _channel.Dispose();
}
