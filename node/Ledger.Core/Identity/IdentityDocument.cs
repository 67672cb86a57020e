using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Core.Identity;

/// <summary>
/// The on-disk form of an identity (<c>*.identity</c>): a JSON object with the PEM certificate and
/// the PEM (PKCS#8) private key. Parsing and formatting only; callers do the file I/O.
/// </summary>
public sealed record IdentityDocument(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("org")] string Org,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("privateKey")] string PrivateKey)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static IdentityDocument From(SigningIdentity identity) => new(
        1,
        identity.Certificate.Org,
        identity.Certificate.Name,
        identity.Certificate.MemberRole,
        PemEncoding.WriteString("CERTIFICATE", identity.Certificate.Der),
        PemEncoding.WriteString("PRIVATE KEY", identity.Key.ExportPkcs8PrivateKey()));

    public static IdentityDocument FromAuthority(CertificateAuthority authority)
    {
        using var key = authority.ExportPrivateKey();
        return new IdentityDocument(
            1,
            authority.Org,
            $"{authority.Org} CA",
            "ca",
            PemEncoding.WriteString("CERTIFICATE", authority.CertificateDer),
            PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Not an identity document.</exception>
    public static IdentityDocument Parse(string json)
    {
        IdentityDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<IdentityDocument>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not an identity file: {e.Message}");
        }

        if (document is null || string.IsNullOrEmpty(document.Certificate) || string.IsNullOrEmpty(document.PrivateKey))
        {
            throw new FormatException("not an identity file: certificate and privateKey are required");
        }

        return document;
    }

    public byte[] CertificateDer() => DecodePem(Certificate, "CERTIFICATE");

    public ECDsa LoadPrivateKey()
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(DecodePem(PrivateKey, "PRIVATE KEY"), out _);
        return key;
    }

    public SigningIdentity ToSigningIdentity() => new(CertificateDer(), LoadPrivateKey());

    public CertificateAuthority ToAuthority() => CertificateAuthority.Load(CertificateDer(), LoadPrivateKey());

    private static byte[] DecodePem(string pem, string label)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new FormatException($"expected a PEM {label}, found no PEM block");
        }

        if (!pem.AsSpan()[fields.Label].SequenceEqual(label))
        {
            throw new FormatException($"expected a PEM {label}");
        }

        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
