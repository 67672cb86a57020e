using System.Text.Json.Serialization;

namespace Ledger.Core.Consortium;

/// <summary>A member organisation: its id (the O of its certificates), roles and CA root certificate.</summary>
public sealed record OrgConfig(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("rootCertificate")] string RootCertificate);
