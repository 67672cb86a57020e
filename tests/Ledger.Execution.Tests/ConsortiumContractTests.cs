using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>
/// The whitelist (<c>consortium</c> contract): an enterprise is screened, reviewed, verified on site,
/// approved by a majority of the founding orgs and filed; from the next block on its members
/// transact for the roles it was filed for. Each rule has a test that it holds and one that breaking
/// it is refused with its reason code and changes nothing (the state root stays).
/// </summary>
public sealed class ConsortiumContractTests : IDisposable
{
    private const string Applicant = "sunward-reman";
    private const string LegalName = "Sunward Remanufacturing Co.";
    private static readonly string[] Founding = ["operator", "customs", "tax", "registry"];
    private static readonly string Evidence = new('a', 64);
    private static readonly string Report = new('b', 64);

    private readonly TestConsortium _consortium;
    private readonly TestLedger _ledger;
    private readonly CertificateAuthority _applicantCa;
    private readonly SigningIdentity _applicantAdmin;
    private readonly List<byte[][]> _blocks = [];

    public ConsortiumContractTests()
        : this(governance: null)
    {
    }

    private ConsortiumContractTests(GovernancePolicy? governance)
    {
        _consortium = new TestConsortium(
            "test-chain",
            ConsortiumLimits.DefaultMaxTransactionBytes,
            Founding,
            governance,
            ("operator", "operator"), ("customs", "customs"), ("tax", "tax"), ("registry", "registry"), ("manufacturer", "manufacturer"), ("exporter", "exporter"));
        _ledger = new TestLedger(_consortium);
        _applicantCa = CertificateAuthority.Create(Applicant, "Sunward Remanufacturing Co.", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        _applicantAdmin = _applicantCa.Issue("admin", "admin", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
    }

    public void Dispose()
    {
        _applicantAdmin.Dispose();
        _applicantCa.Dispose();
        _ledger.Dispose();
        _consortium.Dispose();
    }

    [Fact]
    public void An_enterprise_passes_every_stage_and_transacts_for_its_roles_from_the_block_after_filing()
    {
        Assert.Equal(ValidationCode.UnknownIdentity, ApplicantRegisters("SUNWARD-0001").Code);

        Onboard();
        var file = Call("operator", "File", new { orgId = Applicant });
        Assert.Equal(ValidationCode.Valid, file.Code);
        var filed = Assert.Single(file.Events);
        Assert.Equal("Filed", filed.Name);
        using (var payload = JsonDocument.Parse(filed.Payload))
        {
            Assert.Equal(Applicant, payload.RootElement.GetProperty("orgId").GetString());
            Assert.Equal(_ledger.Ledger.Head!.Height + 1, payload.RootElement.GetProperty("effectiveFrom").GetUInt64());
        }

        var registered = ApplicantRegisters("SUNWARD-0002");
        Assert.True(registered.Code == ValidationCode.Valid, registered.Reason);

        var application = Query("operator", "GetApplication", new { orgId = Applicant });
        Assert.Equal("Filed", application.GetProperty("stage").GetString());
        Assert.Equal(["Apply", "Screen", "Review", "VerifyOnSite", "Approve", "Approve", "File"], application.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()!));
        Assert.Equal(["customs", "tax"], application.GetProperty("approvals").EnumerateArray().Select(a => a.GetString()!));
        var review = application.GetProperty("steps")[2];
        Assert.Equal(87, review.GetProperty("score").GetInt32());
        Assert.Equal(3, review.GetProperty("rank").GetInt32());

        var member = Query("manufacturer", "GetMember", new { orgId = Applicant });
        Assert.Equal("Listed", member.GetProperty("status").GetString());
        Assert.Equal(["manufacturer"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public void The_filing_block_itself_still_judges_the_new_member_by_the_old_membership()
    {
        Onboard();
        var block = Commit(Tx("operator", "File", new { orgId = Applicant }), RegisterBy(_applicantAdmin, "SUNWARD-0003"));

        Assert.Equal(ValidationCode.Valid, block.Transactions[0].Code);
        Assert.Equal(ValidationCode.UnknownIdentity, block.Transactions[1].Code);
        Assert.Equal(ValidationCode.Valid, ApplicantRegisters("SUNWARD-0003").Code);
    }

    [Theory]
    [InlineData("manufacturer")]
    [InlineData("customs")]
    public void Only_the_operator_takes_the_steps_by_default(string org)
    {
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        Refused("NOT_ALLOWED", org, "Screen", Screening());
        Refused("NOT_ALLOWED", org, "Apply", Application() with { orgId = "other-org" });
        Refused("NOT_ALLOWED", org, "Reject", new { orgId = Applicant, reason = "no" });
    }

    [Fact]
    public void A_client_of_the_operator_is_not_an_admin_and_takes_no_step()
    {
        using var client = _consortium.Issue("operator", "clerk");
        var before = _ledger.Ledger.Head!.StateRoot;
        var record = Commit(new TxFactory(client, _consortium.Config.ChainId).Envelope("consortium", "Apply", Application())).Transactions[0];
        Assert.Equal("NOT_ALLOWED", record.ReasonCode);
        Assert.Equal(before, _ledger.Ledger.Head!.StateRoot);
    }

    [Fact]
    public void The_stages_run_in_the_prescribed_order()
    {
        Refused("NOT_FOUND", "operator", "Screen", Screening());
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        Refused("WRONG_STAGE", "operator", "Review", Reviewing());
        Refused("WRONG_STAGE", "operator", "VerifyOnSite", OnSite(passed: true));
        Refused("WRONG_STAGE", "operator", "File", new { orgId = Applicant });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Screen", Screening()).Code);
        Refused("WRONG_STAGE", "operator", "Screen", Screening());
        Refused("WRONG_STAGE", "operator", "File", new { orgId = Applicant });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Review", Reviewing()).Code);
        Refused("WRONG_STAGE", "operator", "File", new { orgId = Applicant });
    }

    [Fact]
    public void Filing_needs_approvals_from_a_majority_of_the_founding_orgs()
    {
        Onboard(approvers: ["customs"]);
        Refused("APPROVALS_MISSING", "operator", "File", new { orgId = Applicant });
        Refused("NOT_ALLOWED", "manufacturer", "Approve", new { orgId = Applicant });
        Refused("ALREADY_APPROVED", "customs", "Approve", new { orgId = Applicant });

        Assert.Equal(ValidationCode.Valid, Call("registry", "Approve", new { orgId = Applicant }).Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "File", new { orgId = Applicant }).Code);
        Refused("WRONG_STAGE", "tax", "Approve", new { orgId = Applicant });
    }

    [Fact]
    public void Filing_may_grant_fewer_roles_than_sought_but_never_more()
    {
        Onboard(roles: ["manufacturer", "remanufacturer"]);
        Refused("ROLE_NOT_SOUGHT", "operator", "File", new { orgId = Applicant, roles = new[] { "exporter" } });
        Assert.Equal(ValidationCode.Valid, Call("operator", "File", new { orgId = Applicant, roles = new[] { "remanufacturer" } }).Code);

        var member = Query("operator", "GetMember", new { orgId = Applicant });
        Assert.Equal(["remanufacturer"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        var register = ApplicantRegisters("SUNWARD-0004");
        Assert.Equal(ValidationCode.ContractRejected, register.Code);
        Assert.Equal("NOT_AUTHORIZED", register.ReasonCode);
    }

    [Fact]
    public void An_application_needs_the_applicant_CA_to_sign_for_this_chain_org_and_evidence()
    {
        using var other = CertificateAuthority.Create(Applicant, "impostor", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        Refused("BAD_PROOF", "operator", "Apply", Application() with { proof = Proof(signer: other) });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { proof = Proof(chainId: "other-chain") });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { proof = Proof(evidence: Report) });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { proof = "not base64!" });

        // what the enterprise signed is what is recorded: the operator cannot change it
        Refused("BAD_PROOF", "operator", "Apply", Application() with { roles = ["manufacturer", "exporter"] });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { legalName = "Someone Else Ltd." });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { evidenceHash = Report });
        Refused("BAD_PROOF", "operator", "Apply", Application() with { caCertificate = Pem(other.CertificateDer) });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
    }

    [Fact]
    public void An_application_is_refused_for_a_bad_CA_an_existing_org_a_regulator_role_or_a_pending_application()
    {
        using var wrongOrg = CertificateAuthority.Create("someone-else", "x", TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(20));
        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { caCertificate = Pem(wrongOrg.CertificateDer) });
        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { caCertificate = Pem(_applicantAdmin.Certificate.Der) });
        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { caCertificate = "garbage" });
        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { evidenceHash = "ABC" });
        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { orgId = "has space" });
        Refused("ROLE_NOT_ALLOWED", "operator", "Apply", Application() with { roles = ["customs"] });
        Refused("ALREADY_MEMBER", "operator", "Apply", Application() with { orgId = "manufacturer" });

        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        Refused("APPLICATION_PENDING", "operator", "Apply", Application());
    }

    [Fact]
    public void A_step_whose_outcome_fails_is_refused_so_that_the_application_is_rejected_instead()
    {
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        Refused("NECESSARY_CONDITIONS_NOT_MET", "operator", "Screen", new { orgId = Applicant, conditions = new { goodStanding = true, qualified = true, cleanRecord = false }, evidenceHash = Evidence });
        Refused("BAD_ARGUMENTS", "operator", "Screen", new { orgId = Applicant, conditions = new { goodStanding = true }, evidenceHash = Evidence });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Screen", Screening()).Code);
        Refused("BAD_ARGUMENTS", "operator", "Review", new { orgId = Applicant, score = 101, rank = 1, reportHash = Report });
        Refused("BAD_ARGUMENTS", "operator", "Review", new { orgId = Applicant, score = 80.5, rank = 1, reportHash = Report });
        Refused("BAD_ARGUMENTS", "operator", "Review", new { orgId = Applicant, score = 80, rank = 0, reportHash = Report });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Review", Reviewing()).Code);
        Refused("ON_SITE_CHECK_FAILED", "operator", "VerifyOnSite", OnSite(passed: false));
    }

    [Fact]
    public void A_rejected_application_ends_and_the_enterprise_may_apply_again()
    {
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "Screen", Screening()).Code);
        Refused("BAD_ARGUMENTS", "operator", "Reject", new { orgId = Applicant });
        Refused("BAD_ARGUMENTS", "operator", "Reject", new { orgId = Applicant, reason = new string('x', 1025) });
        Refused("WRONG_STAGE", "customs", "Approve", new { orgId = Applicant });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Reject", new { orgId = Applicant, reason = "capability below the bar" }).Code);
        Refused("WRONG_STAGE", "operator", "Review", Reviewing());
        Refused("WRONG_STAGE", "operator", "Reject", new { orgId = Applicant, reason = "again" });
        Refused("WRONG_STAGE", "customs", "Approve", new { orgId = Applicant });

        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application()).Code);
        var application = Query("operator", "GetApplication", new { orgId = Applicant });
        Assert.Equal(2, application.GetProperty("round").GetInt32());
        Assert.Equal("Applied", application.GetProperty("stage").GetString());
    }

    [Fact]
    public void A_suspended_member_cannot_transact_until_reinstated_and_a_revoked_one_never_again_while_its_history_stands()
    {
        Onboard();
        Assert.Equal(ValidationCode.Valid, Call("operator", "File", new { orgId = Applicant }).Code);
        var early = ApplicantRegisters("SUNWARD-0005");
        Assert.Equal(ValidationCode.Valid, early.Code);
        var earlyHeight = _ledger.Ledger.Head!.Height;

        Refused("BAD_ARGUMENTS", "operator", "Suspend", new { orgId = Applicant });
        Refused("NOT_ALLOWED", "customs", "Suspend", new { orgId = Applicant, reason = "audit" });
        Assert.Equal(ValidationCode.Valid, Call("operator", "Suspend", new { orgId = Applicant, reason = "audit pending" }).Code);
        Assert.Equal(ValidationCode.OrgSuspended, ApplicantRegisters("SUNWARD-0006").Code);
        Refused("WRONG_STANDING", "operator", "Suspend", new { orgId = Applicant, reason = "again" });

        Assert.Equal(ValidationCode.Valid, Call("operator", "Reinstate", new { orgId = Applicant }).Code);
        Assert.Equal(ValidationCode.Valid, ApplicantRegisters("SUNWARD-0006").Code);
        Refused("WRONG_STANDING", "operator", "Reinstate", new { orgId = Applicant });

        Assert.Equal(ValidationCode.Valid, Call("operator", "Revoke", new { orgId = Applicant, reason = "forged inspection reports" }).Code);
        Assert.Equal(ValidationCode.OrgRevoked, ApplicantRegisters("SUNWARD-0007").Code);
        Refused("WRONG_STANDING", "operator", "Reinstate", new { orgId = Applicant });
        Refused("WRONG_STANDING", "operator", "Revoke", new { orgId = Applicant, reason = "again" });
        Refused("ORG_REVOKED", "operator", "Apply", Application());

        // history stands: the block and the machine the org registered are still there, as they were
        Assert.Equal(ValidationCode.Valid, _ledger.Ledger.GetBlock(earlyHeight)!.Transactions[0].Code);
        var machine = _ledger.Query(_consortium.Transactions("manufacturer").Envelope("equipment", "Get", new { id = "SUNWARD0005" }));
        Assert.True(machine.IsSuccess, machine.Reason);
        Assert.Equal("Revoked", Query("operator", "GetMember", new { orgId = Applicant }).GetProperty("status").GetString());
    }

    [Fact]
    public void A_genesis_enterprise_can_be_suspended_but_a_founding_org_cannot()
    {
        Refused("FOUNDING_ORG", "operator", "Suspend", new { orgId = "customs", reason = "x" });
        Refused("FOUNDING_ORG", "operator", "Revoke", new { orgId = "operator", reason = "x" });
        Refused("NOT_FOUND", "operator", "Suspend", new { orgId = "nobody", reason = "x" });

        Assert.Equal(ValidationCode.Valid, Call("operator", "Suspend", new { orgId = "manufacturer", reason = "tax arrears" }).Code);
        var record = Commit(_consortium.Transactions("manufacturer").Register("SANY-0001")).Transactions[0];
        Assert.Equal(ValidationCode.OrgSuspended, record.Code);

        // a suspended org is no member for others' rules either: it is not listed with roles
        var members = Query("operator", "ListMembers", new { }).GetProperty("members").EnumerateArray().ToArray();
        Assert.Equal(["customs", "exporter", "manufacturer", "operator", "registry", "tax"], members.Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal("Suspended", members.Single(m => m.GetProperty("id").GetString() == "manufacturer").GetProperty("status").GetString());
        Assert.True(members.Single(m => m.GetProperty("id").GetString() == "customs").GetProperty("founding").GetBoolean());

        Assert.Equal(ValidationCode.Valid, Call("operator", "Reinstate", new { orgId = "manufacturer" }).Code);
        Assert.Equal(ValidationCode.Valid, Commit(_consortium.Transactions("manufacturer").Register("SANY-0001")).Transactions[0].Code);
    }

    [Fact]
    public void The_policy_in_the_config_decides_who_takes_a_step_and_how_many_approve()
    {
        var policy = new GovernancePolicy(new Dictionary<string, StepPolicy>
        {
            ["Screen"] = new(["customs"]),
            ["File"] = new(["operator"], Approvals.None),
        });
        using var test = new ConsortiumContractTests(policy);
        Assert.Equal(ValidationCode.Valid, test.Call("operator", "Apply", test.Application()).Code);
        test.Refused("NOT_ALLOWED", "operator", "Screen", Screening());
        Assert.Equal(ValidationCode.Valid, test.Call("customs", "Screen", Screening()).Code);
        Assert.Equal(ValidationCode.Valid, test.Call("operator", "Review", Reviewing()).Code);
        Assert.Equal(ValidationCode.Valid, test.Call("operator", "VerifyOnSite", OnSite(passed: true)).Code);
        Assert.Equal(ValidationCode.Valid, test.Call("operator", "File", new { orgId = Applicant }).Code);
        Assert.Equal(ValidationCode.Valid, test.ApplicantRegisters("SUNWARD-0008").Code);
    }

    [Fact]
    public void Replaying_the_same_blocks_after_a_revocation_keeps_the_revoked_orgs_history_valid()
    {
        Onboard();
        Assert.Equal(ValidationCode.Valid, Call("operator", "File", new { orgId = Applicant }).Code);
        Assert.Equal(ValidationCode.Valid, ApplicantRegisters("SUNWARD-0009").Code);
        var early = _ledger.Ledger.Head!.Height;
        Assert.Equal(ValidationCode.Valid, Call("operator", "Suspend", new { orgId = Applicant, reason = "audit" }).Code);
        Assert.Equal(ValidationCode.OrgSuspended, ApplicantRegisters("SUNWARD-0010").Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "Revoke", new { orgId = Applicant, reason = "fraud" }).Code);

        using var replay = new TestLedger(_consortium);
        foreach (var envelopes in _blocks)
        {
            replay.Commit(envelopes);
        }

        Assert.Equal(_ledger.Ledger.Head!.Hash, replay.Ledger.Head!.Hash);
        Assert.Equal(_ledger.Ledger.Head.StateRoot, replay.Ledger.Head.StateRoot);
        Assert.Equal(ValidationCode.Valid, replay.Ledger.GetBlock(early)!.Transactions[0].Code);
        Assert.Equal(OrgStatus.Revoked, replay.Validator.Directory.At(replay.Ledger.Store).StatusOf(Applicant));
    }

    [Fact]
    public void A_door_check_made_before_a_suspension_is_not_reused_by_the_block_after_it()
    {
        Onboard();
        Assert.Equal(ValidationCode.Valid, Call("operator", "File", new { orgId = Applicant }).Code);
        var envelope = RegisterBy(_applicantAdmin, "SUNWARD-0011");
        var doorCheck = _ledger.Validator.Check(envelope, TestConsortium.Epoch.ToUnixTimeMilliseconds(), _ledger.Validator.Directory.At(_ledger.Ledger.Store));
        Assert.True(doorCheck.IsValid, doorCheck.Reason);
        Assert.Equal(ValidationCode.Valid, Call("operator", "Suspend", new { orgId = Applicant, reason = "audit" }).Code);

        var head = _ledger.Ledger.Head!;
        var commit = _ledger.Executor.Execute(_ledger.Ledger, [envelope], head.BlockTimeUnixMs + 1000, "test-node", prechecked: [doorCheck]);

        Assert.Equal(ValidationCode.OrgSuspended, commit.Block.Transactions[0].Code);
    }

    [Fact]
    public void A_CA_certificate_one_of_the_membership_parsers_cannot_read_is_refused_and_the_chain_goes_on()
    {
        // a CA certificate with one extension twice: .NET reads it, BouncyCastle refuses it. Built with
        // two private extensions whose OIDs differ in their last byte, then patched to repeat the first
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Applicant} CA, O={Applicant}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509Extension("1.2.3.4.5.6.7", [5, 0], false));
        request.CertificateExtensions.Add(new X509Extension("1.2.3.4.5.6.8", [5, 0], false));
        using var made = request.CreateSelfSigned(TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(5));
        var der = made.RawData;
        byte[] second = [0x06, 0x06, 0x2A, 0x03, 0x04, 0x05, 0x06, 0x08];
        var at = der.AsSpan().IndexOf(second);
        Assert.True(at > 0);
        der[at + second.Length - 1] = 0x07;
        var pem = Pem(der);
        var org = new OrgConfig(Applicant, LegalName, ["manufacturer"], pem);
        var why = Membership.CheckRoot(org);
        Assert.NotNull(why);

        Refused("BAD_ARGUMENTS", "operator", "Apply", Application() with { caCertificate = pem });
        var membership = new Membership(_consortium.Config, [new Membership.OrgStanding(org, OrgStatus.Listed, 1)], epoch: 1);
        Assert.Null(membership.StatusOf(Applicant));
    }

    [Fact]
    public void Queries_name_what_is_missing()
    {
        var result = _ledger.Query(_consortium.Transactions("operator").Envelope("consortium", "GetApplication", new { orgId = Applicant }));
        Assert.Equal("NOT_FOUND", result.ReasonCode);
        result = _ledger.Query(_consortium.Transactions("operator").Envelope("consortium", "GetMember", new { orgId = "nobody" }));
        Assert.Equal("NOT_FOUND", result.ReasonCode);
        result = _ledger.Query(_consortium.Transactions("operator").Envelope("consortium", "GetMember", new { }));
        Assert.Equal("BAD_ARGUMENTS", result.ReasonCode);
    }

    private record ApplyArgs(string orgId, string legalName, string[] roles, string caCertificate, string evidenceHash, string proof);

    private ApplyArgs Application(string[]? roles = null) => new(
        Applicant,
        LegalName,
        roles ?? ["manufacturer"],
        Pem(_applicantCa.CertificateDer),
        Evidence,
        Proof(roles: roles));

    private static object Screening() => new { orgId = Applicant, conditions = new { goodStanding = true, qualified = true, cleanRecord = true }, evidenceHash = Evidence };

    private static object Reviewing() => new { orgId = Applicant, score = 87, rank = 3, reportHash = Report };

    private static object OnSite(bool passed) => new { orgId = Applicant, passed, reportHash = Report };

    /// <summary>Every stage up to the filing, with approvals of <paramref name="approvers"/> (default: customs and tax; with the operator a majority of four).</summary>
    private void Onboard(string[]? approvers = null, string[]? roles = null)
    {
        Assert.Equal(ValidationCode.Valid, Call("operator", "Apply", Application(roles)).Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "Screen", Screening()).Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "Review", Reviewing()).Code);
        Assert.Equal(ValidationCode.Valid, Call("operator", "VerifyOnSite", OnSite(passed: true)).Code);
        foreach (var org in approvers ?? ["customs", "tax"])
        {
            var approve = Call(org, "Approve", new { orgId = Applicant });
            Assert.True(approve.Code == ValidationCode.Valid, approve.Reason);
        }
    }

    /// <summary>The applicant CA's signature over the statement of <see cref="Application"/>, with any part changed.</summary>
    private string Proof(CertificateAuthority? signer = null, string? chainId = null, string? legalName = null, string[]? roles = null, string? evidence = null)
    {
        var statement = new ApplicationStatement(
            chainId ?? _consortium.Config.ChainId,
            Applicant,
            legalName ?? LegalName,
            roles ?? ["manufacturer"],
            Core.Identity.MemberCertificate.IdentityHash(_applicantCa.CertificateDer).ToHex(),
            evidence ?? Evidence);
        return statement.Sign(signer ?? _applicantCa);
    }

    private static string Pem(byte[] der) => PemEncoding.WriteString("CERTIFICATE", der);

    private byte[] Tx(string org, string function, object args) => _consortium.Transactions(org).Envelope("consortium", function, args);

    private TxRecord Call(string org, string function, object args) => Commit(Tx(org, function, args)).Transactions[0];

    private Block Commit(params byte[][] envelopes)
    {
        _blocks.Add(envelopes);
        return _ledger.Commit(envelopes);
    }

    private static byte[] RegisterBy(SigningIdentity identity, string pin) =>
        new TxFactory(identity, "test-chain").Register(pin, manufacturer: "Sunward");

    private TxRecord ApplicantRegisters(string pin) => Commit(RegisterBy(_applicantAdmin, pin)).Transactions[0];

    /// <summary>Asserts the call is refused with <paramref name="code"/> and the state root did not move.</summary>
    private void Refused(string code, string org, string function, object args)
    {
        var before = _ledger.Ledger.Head!.StateRoot;
        var record = Call(org, function, args);
        Assert.True(record.Code == ValidationCode.ContractRejected && record.ReasonCode == code, $"{function} by {org}: expected {code}, got {record.Code} {record.ReasonCode}: {record.Reason}");
        Assert.Equal(before, _ledger.Ledger.Head!.StateRoot);
    }

    private JsonElement Query(string org, string function, object args)
    {
        var result = _ledger.Query(_consortium.Transactions(org).Envelope("consortium", function, args));
        Assert.True(result.IsSuccess, result.Reason);
        return JsonDocument.Parse(result.Result).RootElement.Clone();
    }
}
