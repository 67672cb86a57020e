using System.Collections.Concurrent;

namespace Ledger.Core.Identity;

/// <summary>
/// Certificates parsed once per distinct byte string: a node sees the same few node and member
/// certificates in every block, and parsing one (two X.509 parsers, see <see cref="MemberCertificate"/>)
/// costs more than verifying a signature. A result depends only on the bytes, so the cache cannot
/// change an answer. Bounded (cleared when full); thread-safe.
/// </summary>
public static class ParsedCertificates
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<Hash32, MemberCertificate?> Parsed = new();

    /// <summary>The parsed certificate, or null when the bytes are not a DER P-256 member certificate.</summary>
    public static MemberCertificate? TryParse(ReadOnlySpan<byte> der)
    {
        var key = Hash32.Compute(der);
        if (Parsed.TryGetValue(key, out var cached))
        {
            return cached;
        }

        MemberCertificate? parsed;
        try
        {
            parsed = MemberCertificate.Parse(der);
        }
#pragma warning disable CA1031 // whatever hostile bytes make a parser throw, they are just not a certificate
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            parsed = null;
        }

        // only on a miss (a certificate not seen before), so the all-locks Count is affordable here
        if (Parsed.Count >= Capacity)
        {
            Parsed.Clear();
        }

        Parsed[key] = parsed;
        return parsed;
    }
}
