using System.Security.Cryptography;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;

namespace Ledger.TestKit;

/// <summary>
/// A consortium for tests: orgs with real CAs, an admin identity per org, the config and genesis.
/// </summary>
public sealed class TestConsortium : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, CertificateAuthority> _authorities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SigningIdentity> _admins = new(StringComparer.Ordinal);

    public TestConsortium(string chainId = "test-chain", int maxTransactionBytes = ConsortiumLimits.DefaultMaxTransactionBytes, params (string Org, string Role)[] orgs)
        : this(chainId, maxTransactionBytes, founding: null, governance: null, orgs)
    {
    }

    /// <param name="founding">The orgs marked founding (null: none marked, so all are).</param>
    /// <param name="governance">The onboarding policy of the config (null: the default).</param>
    public TestConsortium(string chainId, int maxTransactionBytes, IReadOnlyCollection<string>? founding, GovernancePolicy? governance, params (string Org, string Role)[] orgs)
        : this(chainId, maxTransactionBytes, founding, governance, null, orgs)
    {
    }

    /// <summary>A consortium whose nodes attest blocks under <paramref name="attestation"/>.</summary>
    public TestConsortium(AttestationPolicy attestation, IReadOnlyCollection<string>? founding, params (string Org, string Role)[] orgs)
        : this("test-chain", ConsortiumLimits.DefaultMaxTransactionBytes, founding, null, attestation, orgs)
    {
    }

    private TestConsortium(string chainId, int maxTransactionBytes, IReadOnlyCollection<string>? founding, GovernancePolicy? governance, AttestationPolicy? attestation, (string Org, string Role)[] orgs)
    {
        if (orgs.Length == 0)
        {
            orgs = [("operator", "operator"), ("manufacturer", "manufacturer"), ("exporter", "exporter"), ("customs", "customs")];
        }

        var configs = new List<OrgConfig>();
        foreach (var (org, role) in orgs)
        {
            var ca = CertificateAuthority.Create(org, org, Epoch.AddYears(-1), Epoch.AddYears(20));
            _authorities[org] = ca;
            _admins[org] = ca.Issue("admin", "admin", Epoch.AddYears(-1), Epoch.AddYears(20));
            configs.Add(new OrgConfig(org, org, [role], PemEncoding.WriteString("CERTIFICATE", ca.CertificateDer), founding?.Contains(org) ?? false));
        }

        Config = new ConsortiumConfig(chainId, 1, configs, new ConsortiumLimits(maxTransactionBytes), governance, attestation);
        Genesis = Core.Blocks.Genesis.Create(Config, Epoch.ToUnixTimeMilliseconds());
    }

    public ConsortiumConfig Config { get; }

    public Block Genesis { get; }

    public IReadOnlyCollection<string> Orgs => _authorities.Keys;

    public SigningIdentity Admin(string org) => _admins[org];

    public CertificateAuthority Authority(string org) => _authorities[org];

    /// <summary>A new client identity of <paramref name="org"/>.</summary>
    public SigningIdentity Issue(string org, string name, string role = "client", DateTimeOffset? notAfter = null) =>
        _authorities[org].Issue(name, role, Epoch.AddYears(-1), notAfter ?? Epoch.AddYears(20));

    /// <summary>A node certificate (OU <c>node</c>) of <paramref name="org"/>: what its nodes attest blocks with.</summary>
    public SigningIdentity Node(string org, string? name = null, DateTimeOffset? notAfter = null) =>
        Issue(org, name ?? "node-" + org, Attestation.NodeRole, notAfter);

    public TxFactory Transactions(string org) => new(Admin(org), Config.ChainId);

    public void Dispose()
    {
        foreach (var a in _admins.Values)
        {
            a.Dispose();
        }

        foreach (var a in _authorities.Values)
        {
            a.Dispose();
        }
    }
}
