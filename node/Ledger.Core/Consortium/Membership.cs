using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ledger.Core.Consortium;

/// <summary>
/// The membership in force at one point of the chain: the genesis orgs, and the orgs the
/// <c>consortium</c> contract has filed since, each with its standing (listed, suspended, revoked).
/// Decides whether a certificate is a member: issued (signature-checked) by the root CA of the
/// org it names, that org in good standing, and both valid at the given time. The chain check is
/// cached per certificate hash; the time check is made on every call. Immutable, deterministic
/// and thread-safe: a change of membership is a new instance (see <see cref="Epoch"/>).
/// Revocation of single certificates lives in the world state and is checked by the executor.
/// </summary>
public sealed class Membership
{
    private const int MaxCached = 100_000;

    private readonly Dictionary<string, (OrgConfig Org, BcCertificate Root)> _orgs;
    private readonly ConcurrentDictionary<Hash32, Result> _chainChecks = new();
    private readonly Dictionary<string, MemberCertificate> _roots;
    private readonly Dictionary<string, OrgStanding> _standings;

    /// <param name="config">The consortium config of genesis.</param>
    /// <param name="standings">Orgs filed after genesis, and genesis orgs whose standing changed since, as the consortium contract recorded them.</param>
    /// <param name="epoch">The consortium contract's change counter these standings were read at (0: none).</param>
    public Membership(ConsortiumConfig config, IReadOnlyList<OrgStanding>? standings = null, ulong epoch = 0)
    {
        Config = config;
        Epoch = epoch;

        // an org whose root neither parser reads is no member (the contract refuses such a CA; this keeps a chain going regardless)
        _standings = (standings ?? []).Where(s => CheckRoot(s.Org) is null).ToDictionary(s => s.Org.Id, StringComparer.Ordinal);
        var all = config.Orgs.Where(o => !_standings.ContainsKey(o.Id)).Concat(_standings.Values.Select(s => s.Org)).ToArray();
        var parser = new Org.BouncyCastle.X509.X509CertificateParser();
        _orgs = all.ToDictionary(
            o => o.Id,
            o => (o, parser.ReadCertificate(ConsortiumConfig.PemToDer(o.RootCertificate))),
            StringComparer.Ordinal);
        _roots = all.ToDictionary(o => o.Id, o => MemberCertificate.Parse(ConsortiumConfig.PemToDer(o.RootCertificate)), StringComparer.Ordinal);
        OrgRoles = all.Where(o => StatusOf(o.Id) == OrgStatus.Listed).ToDictionary(o => o.Id, o => o.Roles, StringComparer.Ordinal);
    }

    public ConsortiumConfig Config { get; }

    /// <summary>The consortium contract's change counter this membership reflects.</summary>
    public ulong Epoch { get; }

    /// <summary>Orgs in good standing and their roles (what contracts see through the context).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OrgRoles { get; }

    /// <summary>The standing of an org: genesis orgs are listed unless the consortium contract changed it; null when the org is unknown.</summary>
    public OrgStatus? StatusOf(string org) =>
        _standings.TryGetValue(org, out var standing) ? standing.Status
        : Config.FindOrg(org) is not null ? OrgStatus.Listed
        : null;

    /// <summary>
    /// Whether an org's root certificate can be trusted here: the shape checks of the config, and
    /// read by both certificate parsers the membership uses. Null when it can, else why not.
    /// </summary>
    public static string? CheckRoot(OrgConfig org)
    {
        try
        {
            org.CheckShape();
            _ = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(ConsortiumConfig.PemToDer(org.RootCertificate)) ?? throw new FormatException("no certificate");
            return null;
        }
#pragma warning disable CA1031 // whatever a hostile certificate makes a parser throw, it is just not trusted
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e is FormatException ? e.Message : $"org '{org.Id}' root certificate cannot be read ({e.GetType().Name})";
        }
    }

    /// <summary>Resolves a certificate to a member, or says why it is not one.</summary>
    public Result Resolve(ReadOnlySpan<byte> certificateDer, long atUnixMs)
    {
        var hash = Hash32.Compute(certificateDer);
        if (!_chainChecks.TryGetValue(hash, out var result))
        {
            result = CheckChain(certificateDer);
            // only on a miss (a new certificate), so the all-locks Count is affordable here
            if (_chainChecks.Count >= MaxCached)
            {
                _chainChecks.Clear();
            }

            _chainChecks[hash] = result;
        }

        if (result.Member is not { } member)
        {
            return result;
        }

        switch (StatusOf(member.Org.Id))
        {
            case OrgStatus.Suspended:
                return Result.Fail(ValidationCode.OrgSuspended, $"org '{member.Org.Id}' is suspended from the consortium");
            case OrgStatus.Revoked:
                return Result.Fail(ValidationCode.OrgRevoked, $"org '{member.Org.Id}' was revoked from the consortium");
        }

        // certificates issued by other tools may outlive their CA: both must be valid at the time
        if (!_roots[member.Org.Id].IsValidAt(atUnixMs))
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"the CA of org '{member.Org.Id}' is not valid at {DateTimeOffset.FromUnixTimeMilliseconds(atUnixMs):O}");
        }

        if (!member.Certificate.IsValidAt(atUnixMs))
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"certificate of {member.Certificate.Name}@{member.Org.Id} is not valid at {DateTimeOffset.FromUnixTimeMilliseconds(atUnixMs):O}");
        }

        return result;
    }

    /// <summary>Whether a member resolved earlier is still one at <paramref name="atUnixMs"/> (its CA and certificate are valid then).</summary>
    public bool IsStillValid(Member member, long atUnixMs) =>
        StatusOf(member.Org.Id) == OrgStatus.Listed && _roots.TryGetValue(member.Org.Id, out var root) && root.IsValidAt(atUnixMs) && member.Certificate.IsValidAt(atUnixMs);

    private Result CheckChain(ReadOnlySpan<byte> der)
    {
        MemberCertificate cert;
        BcCertificate bc;
        try
        {
            cert = MemberCertificate.Parse(der);
            bc = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(der.ToArray());
        }
#pragma warning disable CA1031 // whatever a hostile certificate makes the parsers throw, it is just not a member
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"creator certificate is not a valid P-256 X.509 certificate ({e.GetType().Name})");
        }

        // only the one DER encoding: a BER re-encoding of what the CA signed would be another certificate to revocation
        if (!bc.CertificateStructure.GetDerEncoded().AsSpan().SequenceEqual(der))
        {
            return Result.Fail(ValidationCode.UnknownIdentity, "creator certificate is not DER encoded");
        }

        if (!_orgs.TryGetValue(cert.Org, out var org))
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"org '{cert.Org}' is not a member of the consortium");
        }

        if (cert.IsAuthority)
        {
            return Result.Fail(ValidationCode.UnknownIdentity, "a CA certificate cannot sign transactions");
        }

        if (!bc.IssuerDN.Equivalent(org.Root.SubjectDN))
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"certificate was not issued by the CA of org '{org.Org.Id}'");
        }

        try
        {
            bc.Verify(org.Root.GetPublicKey());
        }
#pragma warning disable CA1031 // a certificate that cannot be verified (any reason, e.g. an unknown algorithm) is not a member
        catch (Exception)
#pragma warning restore CA1031
        {
            return Result.Fail(ValidationCode.UnknownIdentity, $"certificate signature does not verify against the CA of org '{org.Org.Id}'");
        }

        return Result.Ok(new Member(cert, org.Org));
    }

    /// <summary>An org's standing as the consortium contract recorded it, since block <paramref name="SinceHeight"/>.</summary>
    public sealed record OrgStanding(OrgConfig Org, OrgStatus Status, ulong SinceHeight);

    /// <summary>A resolved member: its certificate and its org's configuration (roles).</summary>
    public sealed record Member(MemberCertificate Certificate, OrgConfig Org);

    /// <summary>Either a member or a validation code with a reason.</summary>
    public sealed record Result(Member? Member, ValidationCode Code, string Reason)
    {
        public static Result Ok(Member member) => new(member, ValidationCode.Valid, string.Empty);

        public static Result Fail(ValidationCode code, string reason) => new(null, code, reason);
    }
}

/// <summary>Where an org stands in the consortium.</summary>
public enum OrgStatus
{
    /// <summary>On the list: its members transact for its roles.</summary>
    Listed,

    /// <summary>Suspended: its members cannot transact until it is reinstated.</summary>
    Suspended,

    /// <summary>Revoked for good: its members cannot transact; its history stands.</summary>
    Revoked,
}
