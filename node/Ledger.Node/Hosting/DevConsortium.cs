using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;

namespace Ledger.Node.Hosting;

/// <summary>
/// The zero-config first run: one org per role of the domain, each with a CA and an admin identity,
/// and the genesis block that lists them. Files written under the data folder:
/// <c>genesis.block</c>, <c>consortium.json</c>, <c>ca/&lt;org&gt;.ca.identity</c>,
/// <c>identities/&lt;org&gt;.identity</c> and <c>dev-admin.identity</c> (the operator's admin).
/// </summary>
public static class DevConsortium
{
    /// <summary>
    /// Org id and its role in the consortium (see shared/domain/DOMAIN.md). The platform operator and
    /// the regulators are the founding orgs that approve new members; the enterprises of the dev
    /// consortium are listed at genesis, so that a machine's whole life can be played at once.
    /// </summary>
    public static IReadOnlyList<(string Id, string Name, string Role)> Orgs { get; } =
    [
        ("operator", "Platform operator (FTZ Changsha area)", "operator"),
        ("manufacturer", "Manufacturer (OEM)", "manufacturer"),
        ("remanufacturer", "Remanufacturer / repairer", "remanufacturer"),
        ("exporter", "Dealer / exporter", "exporter"),
        ("inspector", "Inspection & certification body", "inspector"),
        ("assessor", "Assessor (valuation)", "assessor"),
        ("customs", "Customs", "customs"),
        ("tax", "Tax authority", "tax"),
        ("registry", "Vehicle / machinery registry", "registry"),
        ("commerce", "Commerce department", "commerce"),
        ("court", "People's court", "court"),
        ("bank", "Bank / lessor / insurer", "bank"),
    ];

    /// <summary>The orgs that govern the dev consortium: the platform operator and the regulators.</summary>
    public static IReadOnlySet<string> Founding { get; } = new HashSet<string>(["operator", "customs", "tax", "registry", "commerce", "court"], StringComparer.Ordinal);

    public const string AdminIdentityFile = "dev-admin.identity";
    public const string GenesisFile = "genesis.block";

    /// <summary>The node identity (TLS and attestations) a dev node writes next to its store, from the operator's CA.</summary>
    public const string NodeIdentityFile = "node.identity";

    /// <summary>The dev consortium: its one node is the operator's, which alone attests (a quorum of one).</summary>
    public static Block Create(string dataDirectory, string chainId, int maxTransactionBytes, DateTimeOffset now)
    {
        var genesis = Create(dataDirectory, chainId, maxTransactionBytes, now, Orgs.Select(o => (o.Id, o.Name, o.Role, Founding.Contains(o.Id))).ToArray(), "operator", ["operator"]);
        IssueNodeIdentity(dataDirectory, "operator", "node-operator", Path.Combine(dataDirectory, NodeIdentityFile), now);
        return genesis;
    }

    /// <summary>The host names a local node's TLS certificate carries (it serves on loopback).</summary>
    public static IReadOnlyList<string> LoopbackNames { get; } = ["127.0.0.1", "::1", "localhost"];

    /// <summary>Issues a node certificate (OU <c>node</c>) from an org's CA of a consortium created here, and writes it as an identity file.</summary>
    public static void IssueNodeIdentity(string consortiumDirectory, string org, string name, string path, DateTimeOffset now)
    {
        using var ca = IdentityDocument.Parse(File.ReadAllText(Path.Combine(consortiumDirectory, "ca", $"{org}.ca.identity"))).ToAuthority();
        using var node = ca.Issue(name, Attestation.NodeRole, now.AddDays(-1), now.AddYears(10), LoopbackNames);
        WriteSecret(path, IdentityDocument.From(node).ToJson());
    }

    /// <summary>
    /// Creates a consortium of <paramref name="orgs"/> under <paramref name="dataDirectory"/>: a CA and an
    /// admin identity per org (<c>ca/&lt;org&gt;.ca.identity</c>, <c>identities/&lt;org&gt;.identity</c>),
    /// <c>consortium.json</c> and <c>genesis.block</c>; <paramref name="adminOrg"/>'s admin is also
    /// <c>dev-admin.identity</c>. The nodes of <paramref name="attestingOrgs"/> attest blocks (the default quorum: more than two thirds).
    /// </summary>
    public static Block Create(string dataDirectory, string chainId, int maxTransactionBytes, DateTimeOffset now, IReadOnlyList<(string Id, string Name, string Role, bool Founding)> orgs, string adminOrg, IReadOnlyList<string> attestingOrgs)
    {
        var notBefore = now.AddDays(-1);
        var notAfter = now.AddYears(10);
        var caDir = Directory.CreateDirectory(Path.Combine(dataDirectory, "ca")).FullName;
        var identitiesDir = Directory.CreateDirectory(Path.Combine(dataDirectory, "identities")).FullName;
        var configs = new List<OrgConfig>();
        foreach (var (id, name, role, founding) in orgs)
        {
            using var ca = CertificateAuthority.Create(id, name, notBefore, notAfter);
            WriteSecret(Path.Combine(caDir, $"{id}.ca.identity"), IdentityDocument.FromAuthority(ca).ToJson());
            using var admin = ca.Issue("admin", "admin", notBefore, notAfter);
            var adminJson = IdentityDocument.From(admin).ToJson();
            WriteSecret(Path.Combine(identitiesDir, $"{id}.identity"), adminJson);
            if (id == adminOrg)
            {
                WriteSecret(Path.Combine(dataDirectory, AdminIdentityFile), adminJson);
            }

            configs.Add(new OrgConfig(id, name, [role], System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", ca.CertificateDer), founding));
        }

        var config = new ConsortiumConfig(chainId, 1, configs, new ConsortiumLimits(maxTransactionBytes), Attestation: new AttestationPolicy(attestingOrgs));
        var genesis = Genesis.Create(config, now.ToUnixTimeMilliseconds());
        File.WriteAllBytes(Path.Combine(dataDirectory, "consortium.json"), config.ToBytes());
        File.WriteAllBytes(Path.Combine(dataDirectory, GenesisFile), genesis.Encode());
        return genesis;
    }

    /// <summary>Creates a key file readable by its owner only (from the start, not after writing).</summary>
    internal static void WriteSecret(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }
}
