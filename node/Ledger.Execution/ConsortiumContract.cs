using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Chaincode.Abstractions;
using Ledger.Core;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Execution;

/// <summary>
/// System contract <c>consortium</c>: the whitelist. Founding orgs come from genesis. An
/// enterprise applies (recorded by whoever the policy names, with a proof that the applicant
/// holds its CA key), passes <c>Screen</c> (necessary conditions), <c>Review</c> (capability score
/// and rank), <c>VerifyOnSite</c>, gathers <c>Approve</c>s of founding orgs and is filed with
/// <c>File</c>: from the next block on its CA is trusted for the roles it was filed for.
/// <c>Reject</c> ends an application; <c>Suspend</c>, <c>Reinstate</c> and <c>Revoke</c> change a
/// member's standing, again from the next block on. Who takes each step is policy in the
/// consortium config (<see cref="GovernancePolicy"/>). A transaction is judged by the membership
/// in force when its block starts, so replays decide alike and revocation never rewrites history.
/// </summary>
public sealed class ConsortiumContract : ContractBase
{
    public const string ContractName = SystemState.ConsortiumContract;
    public const string EpochKey = "epoch";
    public const string OrgPrefix = SystemState.OrgPrefix;
    public const string ApplicationPrefix = "application/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const int MaxTextLength = 1024;
    private const int MaxRoleLength = 64;
    private const int MaxKeptSteps = 16;

    private readonly ConsortiumConfig _config;
    private readonly HashSet<string> _founding;

    public ConsortiumContract(ConsortiumConfig config)
    {
        _config = config;
        _founding = config.FoundingOrgs.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        Function("Apply", Apply);
        Function("Screen", Screen);
        Function("Review", Review);
        Function("VerifyOnSite", VerifyOnSite);
        Function("Approve", Approve);
        Function("File", File);
        Function("Reject", Reject);
        Function("Suspend", ctx => ChangeStanding(ctx, "Suspend", OrgStatus.Listed, OrgStatus.Suspended, "Suspended"));
        Function("Reinstate", ctx => ChangeStanding(ctx, "Reinstate", OrgStatus.Suspended, OrgStatus.Listed, "Reinstated"));
        Function("Revoke", ctx => ChangeStanding(ctx, "Revoke", null, OrgStatus.Revoked, "Revoked"));
        Function("GetApplication", GetApplication);
        Function("GetMember", GetMember);
        Function("ListMembers", ListMembers);
    }

    /// <summary>Where an application stands.</summary>
    public enum Stage
    {
        Applied,
        Screened,
        Reviewed,
        VerifiedOnSite,
        Filed,
        Rejected,
    }

    public override string Name => ContractName;

    /// <summary>The consortium contract's change counter in committed state (0 before the first change).</summary>
    public static ulong ReadEpoch(IKeyValueReader committed) => ParseEpoch(LedgerStore.GetState(committed, StateKeys.State(ContractName, EpochKey)));

    private static ulong ParseEpoch(byte[]? bytes) =>
        bytes is null ? 0 : ulong.Parse(Encoding.ASCII.GetString(bytes), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Every org standing the contract recorded, in committed state.</summary>
    public static IReadOnlyList<Membership.OrgStanding> ReadStandings(IKeyValueReader committed)
    {
        var from = StateKeys.State(ContractName, OrgPrefix);
        var standings = new List<Membership.OrgStanding>();
        foreach (var (_, value) in LedgerStore.RangeState(committed, from, StateKeys.PrefixEnd(from)))
        {
            // only this contract writes these records; one that does not read back is no member rather than a halted chain
            if (value is not null && SystemState.TryReadStanding(value) is { } standing)
            {
                standings.Add(standing);
            }
        }

        return standings;
    }

    private ContractResponse Apply(IContractContext ctx)
    {
        if (Denied(ctx, "Apply") is { } denied)
        {
            return denied;
        }

        var args = ctx.Arguments;
        if (!TryOrgId(args, out var orgId, out var bad) || !TryString(args, "legalName", out var legalName) ||
            !TryString(args, "caCertificate", out var caPem) || !TryHash(args, "evidenceHash", out var evidenceHash) ||
            !TryString(args, "proof", out var proof) || !TryRoles(args, "roles", out var roles))
        {
            return bad ?? BadArguments("Apply needs orgId, legalName, roles (array), caCertificate (PEM), evidenceHash (64 hex digits) and proof (base64 signature of the applicant's CA)");
        }

        if (legalName.Length > MaxTextLength || roles.Any(r => r.Length > MaxRoleLength))
        {
            return BadArguments($"legalName is at most {MaxTextLength} characters and a role at most {MaxRoleLength}");
        }

        if (LoadOrg(ctx, orgId) is { } existing)
        {
            return existing.Status == OrgStatus.Revoked
                ? ContractResponse.Reject("ORG_REVOKED", $"org '{orgId}' was revoked at height {existing.Since}; it cannot apply again")
                : ContractResponse.Reject("ALREADY_MEMBER", $"org '{orgId}' is a member of the consortium ({existing.Status})");
        }

        if (_config.FindOrg(orgId) is not null)
        {
            return ContractResponse.Reject("ALREADY_MEMBER", $"org '{orgId}' is a genesis member of the consortium");
        }

        var previous = LoadApplication(ctx, orgId);
        if (previous is { Stage: not Stage.Rejected })
        {
            return ContractResponse.Reject("APPLICATION_PENDING", $"org '{orgId}' has an application at stage {previous.Stage}");
        }

        if (roles.FirstOrDefault(r => !_config.Policy.AllowedEnterpriseRoles.Contains(r, StringComparer.Ordinal)) is { } notAllowed)
        {
            return ContractResponse.Reject("ROLE_NOT_ALLOWED", $"an enterprise cannot seek role '{notAllowed}' (allowed: {string.Join(", ", _config.Policy.AllowedEnterpriseRoles)})");
        }

        var candidate = new OrgConfig(orgId, legalName, roles, caPem);
        if (Membership.CheckRoot(candidate) is { } untrusted)
        {
            return BadArguments("caCertificate: " + untrusted);
        }

        var ca = candidate.CheckShape();

        if (!ca.IsValidAt(ctx.BlockTime.ToUnixTimeMilliseconds()))
        {
            return ContractResponse.Reject("CA_NOT_VALID", $"the CA certificate of '{orgId}' is not valid at the block time");
        }

        if (!ApplicationStatement.Verify(ca, new ApplicationStatement(_config.ChainId, orgId, legalName, roles, ca.Hash.ToHex(), evidenceHash), proof))
        {
            return ContractResponse.Reject("BAD_PROOF", $"proof is not a signature of the applicant's CA over '{ApplicationStatement.Prefix}', the chain id, org id, legal name, roles, CA certificate hash and evidence hash");
        }

        var application = new Application(
            orgId, legalName, roles, caPem, ca.Hash.ToHex(), evidenceHash, Stage.Applied, (previous?.Round ?? 0) + 1, ctx.BlockHeight, [], [new StepRecord("Apply", Who(ctx), ctx.TxId, ctx.BlockHeight, null)]);
        return Save(ctx, application, "Applied");
    }

    private ContractResponse Screen(IContractContext ctx) => Advance(ctx, "Screen", Stage.Applied, Stage.Screened, "Screened", args =>
    {
        if (!args.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Object ||
            !TryBool(conditions, "goodStanding", out var goodStanding) || !TryBool(conditions, "qualified", out var qualified) ||
            !TryBool(conditions, "cleanRecord", out var cleanRecord) || !TryHash(args, "evidenceHash", out var evidence))
        {
            return (null, BadArguments("Screen needs conditions {goodStanding, qualified, cleanRecord} (booleans) and evidenceHash (64 hex digits)"));
        }

        if (!(goodStanding && qualified && cleanRecord))
        {
            return (null, ContractResponse.Reject("NECESSARY_CONDITIONS_NOT_MET", "the applicant does not meet every necessary condition (good standing, qualifications, no record of misconduct); reject the application instead"));
        }

        return (new StepDetails { EvidenceHash = evidence }, null);
    });

    private ContractResponse Review(IContractContext ctx) => Advance(ctx, "Review", Stage.Screened, Stage.Reviewed, "Reviewed", args =>
    {
        if (!TryInt(args, "score", out var score) || score is < 0 or > 100 || !TryInt(args, "rank", out var rank) || rank < 1 ||
            !TryHash(args, "reportHash", out var report))
        {
            return (null, BadArguments("Review needs score (integer 0 to 100), rank (integer, 1 or more) and reportHash (64 hex digits)"));
        }

        return (new StepDetails { Score = score, Rank = rank, ReportHash = report }, null);
    });

    private ContractResponse VerifyOnSite(IContractContext ctx) => Advance(ctx, "VerifyOnSite", Stage.Reviewed, Stage.VerifiedOnSite, "VerifiedOnSite", args =>
    {
        if (!TryBool(args, "passed", out var passed) || !TryHash(args, "reportHash", out var report))
        {
            return (null, BadArguments("VerifyOnSite needs passed (boolean) and reportHash (64 hex digits)"));
        }

        return passed
            ? (new StepDetails { ReportHash = report }, null)
            : (null, ContractResponse.Reject("ON_SITE_CHECK_FAILED", "the on-site check did not pass; reject the application instead"));
    });

    private ContractResponse Approve(IContractContext ctx)
    {
        if (!ctx.Caller.IsAdmin || !_founding.Contains(ctx.Caller.Org))
        {
            return ContractResponse.Reject("NOT_ALLOWED", $"only an admin of a founding org ({string.Join(", ", _founding.Order(StringComparer.Ordinal))}) approves a filing");
        }

        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments("Approve needs orgId");
        }

        if (LoadApplication(ctx, orgId) is not { } application)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"no application of org '{orgId}'");
        }

        if (application.Stage != Stage.VerifiedOnSite)
        {
            return ContractResponse.Reject("WRONG_STAGE", $"the application of '{orgId}' is {application.Stage}; it is approved once {Stage.VerifiedOnSite}");
        }

        if (application.Approvals.Contains(ctx.Caller.Org, StringComparer.Ordinal))
        {
            return ContractResponse.Reject("ALREADY_APPROVED", $"org '{ctx.Caller.Org}' approved the application of '{orgId}' already");
        }

        var approvals = application.Approvals.Append(ctx.Caller.Org).Order(StringComparer.Ordinal).ToArray();
        return Save(ctx, application with { Approvals = approvals, Steps = [.. application.Steps, new StepRecord("Approve", Who(ctx), ctx.TxId, ctx.BlockHeight, null)] }, "Approved");
    }

    private ContractResponse File(IContractContext ctx)
    {
        if (Denied(ctx, "File") is { } denied)
        {
            return denied;
        }

        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments("File needs orgId");
        }

        if (LoadApplication(ctx, orgId) is not { } application)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"no application of org '{orgId}'");
        }

        if (application.Stage != Stage.VerifiedOnSite)
        {
            return ContractResponse.Reject("WRONG_STAGE", $"the application of '{orgId}' is {application.Stage}; File needs {Stage.VerifiedOnSite}");
        }

        var roles = application.Roles;
        if (ctx.Arguments.TryGetProperty("roles", out _))
        {
            if (!TryRoles(ctx.Arguments, "roles", out var granted))
            {
                return BadArguments("roles must be a non-empty array of distinct role names");
            }

            if (granted.FirstOrDefault(r => !application.Roles.Contains(r, StringComparer.Ordinal)) is { } extra)
            {
                return ContractResponse.Reject("ROLE_NOT_SOUGHT", $"org '{orgId}' did not apply for role '{extra}'");
            }

            roles = granted;
        }

        var rule = _config.Policy.For("File").Approvals;
        var approving = application.Approvals.Append(ctx.Caller.Org).Where(_founding.Contains).Distinct(StringComparer.Ordinal).Count();
        var needed = rule switch
        {
            Approvals.Majority => _founding.Count / 2 + 1,
            Approvals.All => _founding.Count,
            _ => 0,
        };
        if (approving < needed)
        {
            return ContractResponse.Reject("APPROVALS_MISSING", $"filing '{orgId}' needs approvals of {needed} of the {_founding.Count} founding orgs; it has {approving}");
        }

        var step = new StepRecord("File", Who(ctx), ctx.TxId, ctx.BlockHeight, null);
        var filed = application with { Stage = Stage.Filed, Roles = roles, Steps = [.. application.Steps, step] };
        var org = new OrgRecord(orgId, application.LegalName, roles, application.CaCertificate, OrgStatus.Listed, ctx.BlockHeight + 1, false, [step]);
        PutOrg(ctx, org);
        return Save(ctx, filed, "Filed", org.Since);
    }

    private ContractResponse Reject(IContractContext ctx) => Advance(ctx, "Reject", null, Stage.Rejected, "Rejected", args =>
        TryString(args, "reason", out var reason) && reason.Length <= MaxTextLength
            ? (new StepDetails { Reason = reason }, null)
            : (null, BadArguments($"Reject needs orgId and reason (at most {MaxTextLength} characters)")));

    private ContractResponse ChangeStanding(IContractContext ctx, string step, OrgStatus? from, OrgStatus to, string eventName)
    {
        if (Denied(ctx, step) is { } denied)
        {
            return denied;
        }

        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments($"{step} needs orgId");
        }

        var reason = TryString(ctx.Arguments, "reason", out var r) ? r : null;
        if ((to != OrgStatus.Listed && reason is null) || reason?.Length > MaxTextLength)
        {
            return BadArguments($"{step} needs orgId and reason (at most {MaxTextLength} characters)");
        }

        if (_founding.Contains(orgId))
        {
            return ContractResponse.Reject("FOUNDING_ORG", $"org '{orgId}' is a founding org; its standing changes only with the consortium config");
        }

        var org = LoadOrg(ctx, orgId) ?? (_config.FindOrg(orgId) is { } genesis
            ? new OrgRecord(genesis.Id, genesis.Name, genesis.Roles, genesis.RootCertificate, OrgStatus.Listed, 0, false, [])
            : null);
        if (org is null)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"org '{orgId}' is not a member of the consortium");
        }

        if (org.Status == OrgStatus.Revoked || (from is { } expected && org.Status != expected))
        {
            return ContractResponse.Reject("WRONG_STANDING", $"org '{orgId}' is {org.Status}; {step} needs {(from is { } f ? f.ToString() : "Listed or Suspended")}");
        }

        var record = new StepRecord(step, Who(ctx), ctx.TxId, ctx.BlockHeight, reason);
        // the record keeps its latest steps; the key's history holds them all
        var changed = org with { Status = to, Since = ctx.BlockHeight + 1, Steps = [.. org.Steps.TakeLast(MaxKeptSteps - 1), record] };
        PutOrg(ctx, changed);
        var payload = JsonSerializer.Serialize(new { orgId, status = to, effectiveFrom = changed.Since, txId = ctx.TxId }, Json);
        ctx.EmitEvent(eventName, payload);
        return ContractResponse.Success(JsonSerializer.Serialize(changed, Json));
    }

    private ContractResponse GetApplication(IContractContext ctx)
    {
        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments("GetApplication needs orgId");
        }

        return ctx.GetState(ApplicationPrefix + orgId) is { } bytes
            ? ContractResponse.Success(Encoding.UTF8.GetString(bytes))
            : ContractResponse.Reject(ReasonCodes.NotFound, $"no application of org '{orgId}'");
    }

    private ContractResponse GetMember(IContractContext ctx)
    {
        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments("GetMember needs orgId");
        }

        return Member(ctx, orgId) is { } member
            ? ContractResponse.Success(JsonSerializer.Serialize(member, Json))
            : ContractResponse.Reject(ReasonCodes.NotFound, $"org '{orgId}' is not a member of the consortium");
    }

    private ContractResponse ListMembers(IContractContext ctx)
    {
        var recorded = ctx.GetStateByRange(OrgPrefix, OrgPrefix[..^1] + (char)(OrgPrefix[^1] + 1))
            .Select(kv => JsonSerializer.Deserialize<OrgRecord>(kv.Value, Json)!)
            .ToDictionary(o => o.Id, StringComparer.Ordinal);
        var members = _config.Orgs.Where(o => !recorded.ContainsKey(o.Id)).Select(o => Genesis(o))
            .Concat(recorded.Values.Select(o => o with { Founding = _founding.Contains(o.Id) }))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .Select(o => o with { RootCertificate = string.Empty })
            .ToArray();
        return ContractResponse.Success(JsonSerializer.Serialize(new { members }, Json));
    }

    private OrgRecord? Member(IContractContext ctx, string orgId) =>
        LoadOrg(ctx, orgId) is { } org ? org with { Founding = _founding.Contains(orgId) }
        : _config.FindOrg(orgId) is { } genesis ? Genesis(genesis)
        : null;

    private OrgRecord Genesis(OrgConfig org) => new(org.Id, org.Name, org.Roles, org.RootCertificate, OrgStatus.Listed, 0, _founding.Contains(org.Id), []);

    /// <summary>Moves an open application from <paramref name="from"/> (null: any open stage) to <paramref name="to"/>, with the step's own checks.</summary>
    private ContractResponse Advance(IContractContext ctx, string step, Stage? from, Stage to, string eventName, Func<JsonElement, (StepDetails? Details, ContractResponse? Refusal)> details)
    {
        if (Denied(ctx, step) is { } denied)
        {
            return denied;
        }

        if (!TryOrgId(ctx.Arguments, out var orgId, out var bad))
        {
            return bad ?? BadArguments($"{step} needs orgId");
        }

        if (LoadApplication(ctx, orgId) is not { } application)
        {
            return ContractResponse.Reject(ReasonCodes.NotFound, $"no application of org '{orgId}'");
        }

        var open = application.Stage is not (Stage.Filed or Stage.Rejected);
        if (!open || (from is { } expected && application.Stage != expected))
        {
            return ContractResponse.Reject("WRONG_STAGE", $"the application of '{orgId}' is {application.Stage}; {step} needs {(from is { } f ? f.ToString() : "an open application")}");
        }

        var (stepDetails, refusal) = details(ctx.Arguments);
        if (refusal is not null)
        {
            return refusal;
        }

        var record = new StepRecord(step, Who(ctx), ctx.TxId, ctx.BlockHeight, stepDetails?.Reason)
        {
            EvidenceHash = stepDetails?.EvidenceHash,
            ReportHash = stepDetails?.ReportHash,
            Score = stepDetails?.Score,
            Rank = stepDetails?.Rank,
        };
        return Save(ctx, application with { Stage = to, Steps = [.. application.Steps, record] }, eventName);
    }

    private ContractResponse? Denied(IContractContext ctx, string step)
    {
        var policy = _config.Policy.For(step);
        if (ctx.Caller.IsAdmin && policy.Roles.Any(ctx.Caller.HasRole))
        {
            return null;
        }

        return ContractResponse.Reject("NOT_ALLOWED", $"{step} is taken by an admin of an org with role {string.Join(" or ", policy.Roles)}");
    }

    private static ContractResponse Save(IContractContext ctx, Application application, string eventName, ulong? effectiveFrom = null)
    {
        var json = JsonSerializer.Serialize(application, Json);
        ctx.PutState(ApplicationPrefix + application.OrgId, Encoding.UTF8.GetBytes(json));
        ctx.EmitEvent(eventName, JsonSerializer.Serialize(new { orgId = application.OrgId, stage = application.Stage, effectiveFrom, txId = ctx.TxId }, Json));
        return ContractResponse.Success(json);
    }

    private static void PutOrg(IContractContext ctx, OrgRecord org)
    {
        ctx.PutState(OrgPrefix + org.Id, JsonSerializer.SerializeToUtf8Bytes(org with { Founding = false }, Json));
        ctx.PutState(EpochKey, Encoding.ASCII.GetBytes((ParseEpoch(ctx.GetState(EpochKey)) + 1).ToString(CultureInfo.InvariantCulture)));
    }

    private static Application? LoadApplication(IContractContext ctx, string orgId) =>
        ctx.GetState(ApplicationPrefix + orgId) is { } bytes ? JsonSerializer.Deserialize<Application>(bytes, Json) : null;

    private static OrgRecord? LoadOrg(IContractContext ctx, string orgId) =>
        ctx.GetState(OrgPrefix + orgId) is { } bytes ? JsonSerializer.Deserialize<OrgRecord>(bytes, Json) : null;

    private static string Who(IContractContext ctx) => ctx.Caller.Name + "@" + ctx.Caller.Org;

    private static ContractResponse BadArguments(string message) => ContractResponse.Reject(ReasonCodes.BadArguments, message);

    private static bool TryOrgId(JsonElement args, out string orgId, out ContractResponse? bad)
    {
        bad = null;
        if (!TryString(args, "orgId", out orgId))
        {
            return false;
        }

        if (Encoding.UTF8.GetByteCount(orgId) > ConsortiumConfig.MaxIdBytes || orgId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '/'))
        {
            bad = BadArguments($"orgId must be 1 to {ConsortiumConfig.MaxIdBytes} UTF-8 bytes without spaces, control characters or '/'");
            return false;
        }

        return true;
    }

    private static bool TryString(JsonElement args, string name, out string value)
    {
        value = string.Empty;
        if (!args.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    private static bool TryHash(JsonElement args, string name, out string value)
    {
        if (TryString(args, name, out value) && value.Length == 64 && value.All(char.IsAsciiHexDigitLower))
        {
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryBool(JsonElement args, string name, out bool value)
    {
        value = false;
        if (!args.TryGetProperty(name, out var element) || element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    private static bool TryInt(JsonElement args, string name, out int value)
    {
        value = 0;
        return args.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    private static bool TryRoles(JsonElement args, string name, out IReadOnlyList<string> roles)
    {
        roles = [];
        if (!args.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > 16)
        {
            return false;
        }

        var list = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()) || list.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                return false;
            }

            list.Add(item.GetString()!);
        }

        roles = list;
        return true;
    }

    /// <summary>An application and every step taken on it.</summary>
    public sealed record Application(
        string OrgId,
        string LegalName,
        IReadOnlyList<string> Roles,
        string CaCertificate,
        string CaCertificateHash,
        string EvidenceHash,
        Stage Stage,
        int Round,
        ulong AppliedHeight,
        IReadOnlyList<string> Approvals,
        IReadOnlyList<StepRecord> Steps);

    /// <summary>One step: who took it, in which transaction and block, and what it recorded.</summary>
    public sealed record StepRecord(string Step, string By, string TxId, ulong Height, string? Reason)
    {
        public string? EvidenceHash { get; init; }

        public string? ReportHash { get; init; }

        public int? Score { get; init; }

        public int? Rank { get; init; }
    }

    /// <summary>A member org's standing, in force from block <paramref name="Since"/>.</summary>
    public sealed record OrgRecord(
        string Id,
        string Name,
        IReadOnlyList<string> Roles,
        string RootCertificate,
        OrgStatus Status,
        ulong Since,
        bool Founding,
        IReadOnlyList<StepRecord> Steps);

    private sealed class StepDetails
    {
        public string? EvidenceHash { get; init; }

        public string? ReportHash { get; init; }

        public int? Score { get; init; }

        public int? Rank { get; init; }

        public string? Reason { get; init; }
    }
}
