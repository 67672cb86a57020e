using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ledger.Node.Hosting;

/// <summary>
/// The node's listening endpoints: gRPC on HTTP/2-only endpoints (h2c needs them, see NOTES.md) and
/// health, readiness and metrics on an HTTP/1.1 endpoint of their own, for browsers and Prometheus.
/// Port 0 binds a port the OS picks; the bound addresses are known once the server has started.
/// </summary>
public sealed class NodeEndpoints
{
    private readonly List<ListenOptions> _grpc = [];
    private readonly HashSet<ListenOptions> _tls = [];
    private ListenOptions? _http;

    public NodeEndpoints(IReadOnlyList<string> grpcUrls, string? httpUrl)
    {
        GrpcUrls = grpcUrls;
        HttpUrl = httpUrl;
        foreach (var url in grpcUrls)
        {
            Parse(url);
        }

        if (httpUrl is not null)
        {
            Parse(httpUrl);
        }
    }

    public IReadOnlyList<string> GrpcUrls { get; }

    /// <summary>The HTTP endpoint's URL, or null when it is switched off.</summary>
    public string? HttpUrl { get; }

    /// <summary>The bound gRPC addresses (after start).</summary>
    public IReadOnlyList<string> GrpcAddresses => _grpc.Select(Address).ToArray();

    /// <summary>The bound HTTP address (after start), or null.</summary>
    public string? HttpAddress => _http is null ? null : Address(_http);

    /// <summary>Whether any gRPC endpoint serves TLS (<c>https://</c>).</summary>
    public bool AnyTls => GrpcUrls.Any(IsTls);

    public static bool IsTls(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public void Configure(KestrelServerOptions kestrel)
    {
        foreach (var url in GrpcUrls)
        {
            var endpoint = Parse(url);
            kestrel.Listen(endpoint, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                if (IsTls(url))
                {
                    l.UseHttps(kestrel.ApplicationServices.GetRequiredService<NodeTls>().ServerOptions());
                    _tls.Add(l);
                }

                _grpc.Add(l);
            });
        }

        if (HttpUrl is not null)
        {
            kestrel.Listen(Parse(HttpUrl), l =>
            {
                l.Protocols = HttpProtocols.Http1;
                _http = l;
            });
        }
    }

    /// <summary>Parses <c>http://HOST:PORT</c> or <c>https://HOST:PORT</c> (HOST an IP address, <c>localhost</c>, or <c>*</c>/<c>+</c>/<c>0.0.0.0</c> for every interface).</summary>
    /// <exception cref="ArgumentException">Not such a URL.</exception>
    public static IPEndPoint Parse(string url)
    {
        var scheme = IsTls(url) ? "https://" : "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{url}' is not an http://HOST:PORT or https://HOST:PORT URL");
        }

        var rest = url[scheme.Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"'{url}' needs a port from 0 to {IPEndPoint.MaxPort}: {scheme}HOST:PORT");
        }

        var host = rest[..colon].Trim('[', ']');
        IPAddress? address = host switch
        {
            "*" or "+" => IPAddress.Any,
            _ when string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
        };
        return address is null
            ? throw new ArgumentException($"'{url}': the host must be an IP address, localhost or *")
            : new IPEndPoint(address, port);
    }

    private string Address(ListenOptions options)
    {
        var endpoint = options.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? "0.0.0.0" : endpoint.Address.ToString();
        var scheme = _tls.Contains(options) ? "https" : "http";
        return endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"{scheme}://[{host}]:{endpoint.Port}"
            : $"{scheme}://{host}:{endpoint.Port}";
    }
}
