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
/// Decides whether a certificate is a member of the consortium: issued (signature-checked) by the
/// root CA of the org it names and valid at the given time. The chain check is cached per
/// certificate hash; the time check is made on every call. Deterministic; thread-safe.
/// Revocation lives in the world state and is checked by the executor.
/// </summary>
public sealed class Membership
{
    private const int MaxCached = 100_000;

    private readonly Dictionary<string, (OrgConfig Org, BcCertificate Root)> _orgs;
    private readonly ConcurrentDictionary<Hash32, Result> _chainChecks = new();
    private readonly Dictionary<string, MemberCertificate> _roots;

    public Membership(ConsortiumConfig config)
    {
        Config = config;
        var parser = new Org.BouncyCastle.X509.X509CertificateParser();
        _orgs = config.Orgs.ToDictionary(
            o => o.Id,
            o => (o, parser.ReadCertificate(ConsortiumConfig.PemToDer(o.RootCertificate))),
            StringComparer.Ordinal);
        _roots = config.Orgs.ToDictionary(o => o.Id, o => MemberCertificate.Parse(ConsortiumConfig.PemToDer(o.RootCertificate)), StringComparer.Ordinal);
    }

    public ConsortiumConfig Config { get; }

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
        _roots.TryGetValue(member.Org.Id, out var root) && root.IsValidAt(atUnixMs) && member.Certificate.IsValidAt(atUnixMs);

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

    /// <summary>A resolved member: its certificate and its org's configuration (roles).</summary>
    public sealed record Member(MemberCertificate Certificate, OrgConfig Org);

    /// <summary>Either a member or a validation code with a reason.</summary>
    public sealed record Result(Member? Member, ValidationCode Code, string Reason)
    {
        public static Result Ok(Member member) => new(member, ValidationCode.Valid, string.Empty);

        public static Result Fail(ValidationCode code, string reason) => new(null, code, reason);
    }
}
