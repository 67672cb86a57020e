using System.Net;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;

namespace Ledger.Execution;

/// <summary>
/// System contract <c>cluster</c>: ordering nodes added to the Raft cluster after genesis. <c>AddMember</c>
/// (<c>id</c>, <c>org</c>, <c>raft</c> IP:PORT, <c>grpc</c> URL) is taken by an admin of the platform
/// operator only; the members are kept as one JSON array under <see cref="MembersKey"/>, which every node
/// reads with the members of its cluster config, and which the Raft leader then adds to the cluster.
/// </summary>
public sealed partial class ClusterContract : ContractBase
{
    public const string ContractName = "cluster";
    public const string MembersKey = "members";

    public ClusterContract()
    {
        Function("AddMember", AddMember);
    }

    public override string Name => ContractName;

    /// <summary>A member as this contract stores it.</summary>
    public sealed record Member(string Id, string Org, string Raft, string Grpc);

    public static IReadOnlyList<Member> Read(byte[]? record) =>
        record is null ? [] : JsonSerializer.Deserialize<Member[]>(record, JsonSerializerOptions.Web) ?? [];

    private static ContractResponse AddMember(IContractContext ctx)
    {
        if (!ctx.Caller.IsAdmin || !ctx.Caller.HasRole(IdentityContract.OperatorRole))
        {
            return ContractResponse.Reject("NOT_ALLOWED", "only an admin of the platform operator adds cluster members");
        }

        string? Text(string name) => ctx.Arguments.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var (id, org, raft, grpc) = (Text("id"), Text("org"), Text("raft"), Text("grpc"));
        if (id is null || !NodeId().IsMatch(id) || string.IsNullOrWhiteSpace(org)
            || Canonical(raft) is not { } endpoint
            || !Uri.TryCreate(grpc, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return ContractResponse.Reject(ReasonCodes.BadArguments, "AddMember needs id (letters, digits, '.', '_', '-', at most 64), org, raft (IP:PORT, an IPv4 or IPv6 address without a scope) and grpc (an http or https URL)");
        }

        if (ctx.RolesOf(org) is null)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"org '{org}' is no member of the consortium in good standing");
        }

        var members = Read(ctx.GetState(MembersKey)).ToList();
        if (members.Any(m => string.Equals(m.Id, id, StringComparison.Ordinal) || Equals(Canonical(m.Raft), endpoint)))
        {
            return ContractResponse.Reject("ALREADY_MEMBER", $"a member with id '{id}' or Raft endpoint {raft} was added already");
        }

        var member = new Member(id, org, endpoint.ToString(), grpc!);
        members.Add(member);
        ctx.PutState(MembersKey, JsonSerializer.SerializeToUtf8Bytes(members, JsonSerializerOptions.Web));
        var record = JsonSerializer.Serialize(member, JsonSerializerOptions.Web);
        ctx.EmitEvent("ClusterMemberAdded", record);
        return ContractResponse.Success(record);
    }

    /// <summary>
    /// An endpoint the same on every node: an IPv4 address, or an IPv6 one without a scope (a scope
    /// name resolves against each machine's own interfaces), IPv4-mapped IPv6 as IPv4; and a port.
    /// </summary>
    private static IPEndPoint? Canonical(string? text)
    {
        if (text is null || text.Contains('%', StringComparison.Ordinal) || !IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
        {
            return null;
        }

        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? null : new IPEndPoint(address, endpoint.Port);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex NodeId();
}
