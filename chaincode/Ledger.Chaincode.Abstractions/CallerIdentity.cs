namespace Ledger.Chaincode.Abstractions;

/// <summary>Who signed the transaction, as the consortium configuration in force at its block knows them.</summary>
/// <param name="Org">The member org id (the O of the certificate).</param>
/// <param name="Name">The member's name (CN).</param>
/// <param name="MemberRole">The member's role inside its org (OU), e.g. <c>admin</c> or <c>client</c>.</param>
/// <param name="OrgRoles">The org's roles in the consortium, e.g. <c>manufacturer</c>, <c>customs</c>.</param>
/// <param name="CertificateHash">Hex SHA-256 of the signer's certificate.</param>
public sealed record CallerIdentity(string Org, string Name, string MemberRole, IReadOnlyList<string> OrgRoles, string CertificateHash)
{
    public bool HasRole(string role)
    {
        foreach (var r in OrgRoles)
        {
            if (string.Equals(r, role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsAdmin => string.Equals(MemberRole, "admin", StringComparison.Ordinal);
}
