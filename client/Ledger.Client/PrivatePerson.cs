using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Client;

/// <summary>
/// How an org names a private person (a seller or buyer) on the ledger without naming them: a
/// salted SHA-256 of their identifier, computed on the org's side. The salt is the org's secret;
/// without it the hash cannot be tied back to the person (national ids alone are few enough to
/// guess, so the salt must be long and random).
/// </summary>
public static class PrivatePerson
{
    public const int MinSaltLength = 16;

    /// <summary>SHA-256(utf8(salt) || 0x00 || utf8(identifier: trimmed, full-width forms folded to ASCII, upper case)) as hex.</summary>
    /// <exception cref="ArgumentException">The salt is shorter than <see cref="MinSaltLength"/> or the identifier is empty.</exception>
    public static string Hash(string salt, string identifier)
    {
        if (salt.Length < MinSaltLength)
        {
            throw new ArgumentException($"the salt must be at least {MinSaltLength} characters (a long random secret of your org)", nameof(salt));
        }

        var normalized = FoldFullWidth(identifier.Trim()).ToUpper(CultureInfo.InvariantCulture);
        if (normalized.Length == 0)
        {
            throw new ArgumentException("the identifier is empty", nameof(identifier));
        }

        var bytes = Encoding.UTF8.GetBytes(salt + "\0" + normalized);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Full-width ASCII forms (U+FF01–U+FF5E, common in Chinese input) to ASCII, so both spellings of an id hash alike.</summary>
    private static string FoldFullWidth(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '\uFF01' and <= '\uFF5E')
            {
                chars[i] = (char)(chars[i] - 0xFEE0);
            }
        }

        return new string(chars);
    }
}
