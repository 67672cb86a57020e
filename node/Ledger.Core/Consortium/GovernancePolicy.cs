using System.Text.Json.Serialization;

namespace Ledger.Core.Consortium;

/// <summary>
/// Who may take each onboarding step of the <c>consortium</c> contract, and which roles an
/// enterprise may be listed for. Part of the consortium config (so part of genesis). Steps the
/// config does not name keep their default: an admin of an org with role <c>operator</c>;
/// <c>File</c> needs, in addition, approvals from a majority of the founding orgs.
/// </summary>
public sealed record GovernancePolicy(
    [property: JsonPropertyName("steps")] IReadOnlyDictionary<string, StepPolicy>? Steps = null,
    [property: JsonPropertyName("enterpriseRoles")] IReadOnlyList<string>? EnterpriseRoles = null)
{
    /// <summary>The steps whose policy the config can set.</summary>
    public static readonly IReadOnlyList<string> StepNames =
        ["Apply", "Screen", "Review", "VerifyOnSite", "File", "Reject", "Suspend", "Reinstate", "Revoke"];

    /// <summary>Roles an enterprise may seek when none are configured (see shared/domain/DOMAIN.md).</summary>
    public static readonly IReadOnlyList<string> DefaultEnterpriseRoles =
        ["manufacturer", "remanufacturer", "exporter", "inspector", "assessor", "bank"];

    public const string DefaultRole = "operator";

    public static GovernancePolicy Default { get; } = new();

    /// <summary>The policy in force for <paramref name="step"/>.</summary>
    public StepPolicy For(string step) =>
        Steps is not null && Steps.TryGetValue(step, out var policy)
            ? policy
            : new StepPolicy([DefaultRole], string.Equals(step, "File", StringComparison.Ordinal) ? Approvals.Majority : Approvals.None);

    public IReadOnlyList<string> AllowedEnterpriseRoles => EnterpriseRoles ?? DefaultEnterpriseRoles;

    /// <exception cref="FormatException">An unknown step, a step without roles, or a blank role.</exception>
    public void Validate()
    {
        foreach (var (step, policy) in Steps ?? new Dictionary<string, StepPolicy>())
        {
            if (!StepNames.Contains(step, StringComparer.Ordinal))
            {
                throw new FormatException($"consortium config: governance step '{step}' is unknown (steps: {string.Join(", ", StepNames)})");
            }

            if (policy?.Roles is null || policy.Roles.Count == 0 || policy.Roles.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"consortium config: governance step '{step}' needs at least one role, and no blank role");
            }

            if (!Enum.IsDefined(policy.Approvals))
            {
                throw new FormatException($"consortium config: governance step '{step}' has an unknown approvals rule");
            }

            if (policy.Approvals != Approvals.None && !string.Equals(step, "File", StringComparison.Ordinal))
            {
                throw new FormatException($"consortium config: governance step '{step}' cannot require approvals; only File does");
            }
        }

        if (EnterpriseRoles is { } roles && (roles.Count == 0 || roles.Any(string.IsNullOrWhiteSpace)))
        {
            throw new FormatException("consortium config: governance.enterpriseRoles must list at least one role, and no blank role");
        }

        // an enterprise listed for a governing role could take the steps that listed it
        foreach (var step in StepNames)
        {
            if (For(step).Roles.FirstOrDefault(r => AllowedEnterpriseRoles.Contains(r, StringComparer.Ordinal)) is { } governing)
            {
                throw new FormatException($"consortium config: role '{governing}' takes the step {step}, so enterprises cannot seek it");
            }
        }
    }

    /// <summary>Every step the config sets must be takeable: some org of the config holds one of its roles.</summary>
    /// <exception cref="FormatException">A step no org can take.</exception>
    public void ValidateAgainst(IReadOnlyList<OrgConfig> orgs)
    {
        foreach (var (step, policy) in Steps ?? new Dictionary<string, StepPolicy>())
        {
            if (!orgs.Any(o => o.Roles.Any(r => policy.Roles.Contains(r, StringComparer.Ordinal))))
            {
                throw new FormatException($"consortium config: no org holds a role of governance step '{step}' ({string.Join(", ", policy.Roles)})");
            }
        }
    }
}

/// <summary>One step's policy: an admin of an org holding one of <paramref name="Roles"/> takes it, with <paramref name="Approvals"/> from founding orgs.</summary>
public sealed record StepPolicy(
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("approvals")] Approvals Approvals = Approvals.None);

/// <summary>How many founding orgs must have approved an application before the step (the acting org counts when it is founding).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Approvals>))]
public enum Approvals
{
    /// <summary>No approvals needed.</summary>
    None,

    /// <summary>More than half of the founding orgs.</summary>
    Majority,

    /// <summary>Every founding org.</summary>
    All,
}
