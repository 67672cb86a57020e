using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Tests.Support;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Consortium;

public sealed class ConsortiumConfigTests : IDisposable
{
    private readonly TestConsortium _consortium = new();

    public void Dispose() => _consortium.Dispose();

    private ConsortiumConfig Config => _consortium.Config;

    private OrgConfig Org(string id) => Config.FindOrg(id)!;

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Bytes_parse_back_to_the_same_configuration()
    {
        var bytes = Config.ToBytes();

        var parsed = ConsortiumConfig.Parse(bytes);

        Assert.Equal(Config.ChainId, parsed.ChainId);
        Assert.Equal(Config.Version, parsed.Version);
        Assert.Equal(Config.Limits, parsed.Limits);
        Assert.Equal(Config.Orgs.Select(o => (o.Id, o.Name, string.Join(",", o.Roles), o.RootCertificate)), parsed.Orgs.Select(o => (o.Id, o.Name, string.Join(",", o.Roles), o.RootCertificate)));
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void Json_uses_the_documented_property_names()
    {
        using var json = JsonDocument.Parse(Config.ToBytes());
        var root = json.RootElement;

        Assert.Equal(["chainId", "version", "orgs", "limits"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "name", "roles", "rootCertificate"], root.GetProperty("orgs")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(ConsortiumLimits.DefaultMaxTransactionBytes, root.GetProperty("limits").GetProperty("maxTransactionBytes").GetInt32());
    }

    [Fact]
    public void Find_org_matches_the_id_exactly()
    {
        Assert.Equal("manufacturer", Config.FindOrg("manufacturer")?.Id);
        Assert.Null(Config.FindOrg("Manufacturer"));
        Assert.Null(Config.FindOrg("nobody"));
    }

    [Fact]
    public void Repeated_org_id_is_rejected()
    {
        var config = Config with { Orgs = [Org("operator"), Org("manufacturer"), Org("operator")] };

        var e = Assert.Throws<FormatException>(config.Validate);
        Assert.Contains("repeated", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(config.ToBytes()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public void Root_certificate_that_is_not_a_pem_certificate_is_rejected(string pem)
    {
        var config = Config with { Orgs = [Org("operator") with { RootCertificate = pem }] };

        var e = Assert.Throws<FormatException>(config.Validate);
        Assert.Matches("root certificate is invalid|has no root certificate", e.Message);
    }

    [Fact]
    public void Root_certificate_of_another_org_is_rejected()
    {
        var config = Config with { Orgs = [Org("operator") with { RootCertificate = Org("customs").RootCertificate }] };

        var e = Assert.Throws<FormatException>(config.Validate);
        Assert.Contains("O=operator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_certificate_as_a_root_is_rejected()
    {
        var admin = _consortium.Admin("operator");
        var config = Config with { Orgs = [Org("operator") with { RootCertificate = Certificates.Pem(admin.Certificate.Der) }] };

        var e = Assert.Throws<FormatException>(config.Validate);
        Assert.Contains("CA certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_certificate_with_a_multi_valued_subject_rdn_is_rejected_with_a_format_exception()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Certificates.SelfSigned(Certificates.MultiValuedName("operator", "operator CA"), key, TestConsortium.Epoch.AddYears(-1), TestConsortium.Epoch.AddYears(1), isCa: true);
        var config = Config with { Orgs = [Org("operator") with { RootCertificate = Certificates.Pem(der) }] };

        var e = Record.Exception(config.Validate);

        Assert.IsType<FormatException>(e);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(-1)]
    public void Transaction_limit_below_1024_bytes_is_rejected(int limit)
    {
        var config = Config with { Limits = new ConsortiumLimits(limit) };

        Assert.Throws<FormatException>(config.Validate);
        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(config.ToBytes()));
    }

    [Fact]
    public void Transaction_limit_of_1024_bytes_is_accepted()
    {
        var config = Config with { Limits = new ConsortiumLimits(1024) };

        Assert.Equal(1024, ConsortiumConfig.Parse(config.ToBytes()).Limits.MaxTransactionBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_chain_id_is_rejected(string chainId)
    {
        Assert.Throws<FormatException>((Config with { ChainId = chainId }).Validate);
    }

    [Fact]
    public void Chain_id_is_at_most_128_characters()
    {
        (Config with { ChainId = new string('c', 128) }).Validate();

        Assert.Throws<FormatException>((Config with { ChainId = new string('c', 129) }).Validate);
    }

    [Fact]
    public void Configuration_without_orgs_is_rejected()
    {
        Assert.Throws<FormatException>((Config with { Orgs = [] }).Validate);
        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Json("""{"chainId":"c","version":1,"limits":{"maxTransactionBytes":2048}}""")));
    }

    [Fact]
    public void Configuration_without_limits_is_rejected()
    {
        var json = JsonSerializer.Serialize(new { chainId = "c", version = 1, orgs = new[] { Org("operator") } });

        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Json(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"chainId\":5}")]
    [InlineData("{\"chainId\":\"c\",\"version\":-1}")]
    public void Bytes_that_are_no_configuration_are_rejected_with_a_format_exception(string json)
    {
        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Json(json)));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_a_format_exception()
    {
        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]));
    }

    [Fact]
    public void Null_org_entry_is_rejected_with_a_format_exception()
    {
        var json = """{"chainId":"c","version":1,"orgs":[null],"limits":{"maxTransactionBytes":2048}}""";

        var e = Record.Exception(() => ConsortiumConfig.Parse(Json(json)));

        Assert.IsType<FormatException>(e);
    }

    [Fact]
    public void Org_without_roles_is_rejected()
    {
        var org = Org("operator");
        var json = JsonSerializer.Serialize(new { chainId = "c", version = 1, orgs = new[] { new { id = org.Id, name = org.Name, roles = (string[]?)null, rootCertificate = org.RootCertificate } }, limits = new { maxTransactionBytes = 2048 } });

        Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Json(json)));
    }

    [Fact]
    public void Pem_to_der_decodes_the_first_certificate()
    {
        using var ca = CertificateAuthority.Create("x", "x", TestConsortium.Epoch, TestConsortium.Epoch.AddYears(1));

        Assert.Equal(ca.CertificateDer, ConsortiumConfig.PemToDer(Certificates.Pem(ca.CertificateDer)));
    }

    [Fact]
    public void A_config_without_founding_marks_or_governance_writes_neither_and_every_org_is_founding()
    {
        var text = Encoding.UTF8.GetString(Config.ToBytes());

        Assert.DoesNotContain("founding", text, StringComparison.Ordinal);
        Assert.DoesNotContain("governance", text, StringComparison.Ordinal);
        Assert.Equal(Config.Orgs.Select(o => o.Id), Config.FoundingOrgs.Select(o => o.Id));
        Assert.Equal(Approvals.Majority, Config.Policy.For("File").Approvals);
        Assert.Equal(Approvals.None, Config.Policy.For("Screen").Approvals);
        Assert.Equal(["operator"], Config.Policy.For("Revoke").Roles);
    }

    [Fact]
    public void Founding_marks_and_governance_round_trip()
    {
        var governance = new GovernancePolicy(
            new Dictionary<string, StepPolicy> { ["File"] = new(["operator", "customs"], Approvals.All) },
            ["remanufacturer"]);
        var config = Config with { Orgs = [Org("operator") with { Founding = true }, .. Config.Orgs.Where(o => o.Id != "operator")], Governance = governance };

        var parsed = ConsortiumConfig.Parse(config.ToBytes());

        Assert.Equal(["operator"], parsed.FoundingOrgs.Select(o => o.Id));
        Assert.Equal(Approvals.All, parsed.Policy.For("File").Approvals);
        Assert.Equal(["operator", "customs"], parsed.Policy.For("File").Roles);
        Assert.Equal(["remanufacturer"], parsed.Policy.AllowedEnterpriseRoles);
        Assert.Contains("\"approvals\": \"All\"", Encoding.UTF8.GetString(config.ToBytes()), StringComparison.Ordinal);
        Assert.Equal(config.ToBytes(), parsed.ToBytes());
    }

    [Theory]
    [InlineData("{\"steps\":{\"Vote\":{\"roles\":[\"operator\"]}}}", "Vote")]
    [InlineData("{\"steps\":{\"File\":{\"roles\":[]}}}", "at least one role")]
    [InlineData("{\"steps\":{\"File\":{\"roles\":[\"operator\"],\"approvals\":\"Most\"}}}", "not valid JSON")]
    [InlineData("{\"enterpriseRoles\":[]}", "enterpriseRoles")]
    [InlineData("{\"steps\":{\"File\":{\"roles\":[\"operator\"],\"approvals\":7}}}", "unknown approvals rule")]
    [InlineData("{\"steps\":{\"Suspend\":{\"roles\":[\"operator\"],\"approvals\":\"All\"}}}", "only File does")]
    [InlineData("{\"enterpriseRoles\":[\"exporter\",\"operator\"]}", "role 'operator' takes the step")]
    [InlineData("{\"steps\":{\"Screen\":{\"roles\":[\"auditor\"]}}}", "no org holds a role of governance step 'Screen'")]
    public void A_bad_governance_policy_is_refused_with_a_format_exception(string governance, string reasonPart)
    {
        var text = Encoding.UTF8.GetString(Config.ToBytes());
        var bad = text[..text.LastIndexOf('}')] + ",\"governance\":" + governance + "}";

        var e = Assert.Throws<FormatException>(() => ConsortiumConfig.Parse(Json(bad)));

        Assert.Contains(reasonPart, e.Message, StringComparison.Ordinal);
    }
}
