using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Consensus.Raft;

/// <summary>
/// The nodes of a consortium that order blocks together with Raft: each node's id (the proposer
/// name in the blocks it cuts), its org, its Raft endpoint (TCP) and its gRPC URL (where followers
/// forward submissions). Every node of the cluster reads the same file (<c>--cluster FILE</c>).
/// </summary>
public sealed record ClusterConfig([property: JsonPropertyName("members")] IReadOnlyList<ClusterMember> Members)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Malformed or inconsistent.</exception>
    public static ClusterConfig Parse(string json)
    {
        ClusterConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClusterConfig>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"cluster config is not valid JSON: {e.Message}");
        }

        if (config?.Members is not { Count: > 0 } members)
        {
            throw new FormatException("cluster config: at least one member is required");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = new HashSet<IPEndPoint>();
        foreach (var member in members)
        {
            if (member is null || string.IsNullOrWhiteSpace(member.Id) || !ids.Add(member.Id))
            {
                throw new FormatException($"cluster config: member id '{member?.Id}' is empty or repeated");
            }

            if (string.IsNullOrWhiteSpace(member.Org))
            {
                throw new FormatException($"cluster config: member '{member.Id}' names no org");
            }

            if (!IPEndPoint.TryParse(member.Raft ?? string.Empty, out var endpoint) || endpoint.Port == 0 || !endpoints.Add(endpoint))
            {
                throw new FormatException($"cluster config: member '{member.Id}' needs a Raft endpoint IP:PORT of its own (got '{member.Raft}')");
            }

            if (!Uri.TryCreate(member.Grpc, UriKind.Absolute, out var grpc) || grpc.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"cluster config: member '{member.Id}' needs a gRPC URL (got '{member.Grpc}')");
            }
        }

        return config;
    }

    public static ClusterConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"cluster config '{path}' does not exist");
        }

        return Parse(File.ReadAllText(path));
    }

    public ClusterMember? Find(string id) => Members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    public ClusterMember? AtRaft(EndPoint? endpoint) =>
        endpoint is null ? null : Members.FirstOrDefault(m => IPEndPoint.Parse(m.Raft).Equals(endpoint));
}

/// <summary>One ordering node.</summary>
public sealed record ClusterMember(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("org")] string Org,
    [property: JsonPropertyName("raft")] string Raft,
    [property: JsonPropertyName("grpc")] string Grpc)
{
    [JsonIgnore]
    public IPEndPoint RaftEndPoint => IPEndPoint.Parse(Raft);
}
