using System.Text;

namespace Ledger.Core.Merkle;

/// <summary>
/// The bytes of a world-state key: utf8(contract namespace) || 0x00 || utf8(key). The state tree's
/// path of the entry is SHA-256 of these bytes, so a verifier derives it from the names alone.
/// Namespaces cannot contain 0x00, so no two (namespace, key) pairs share bytes.
/// </summary>
public static class StateKey
{
    public static byte[] Encode(string ns, string key)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(key);
        if (ns.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a contract namespace cannot contain NUL", nameof(ns));
        }

        var nsCount = Encoding.UTF8.GetByteCount(ns);
        var bytes = new byte[nsCount + 1 + Encoding.UTF8.GetByteCount(key)];
        Encoding.UTF8.GetBytes(ns, bytes);
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(nsCount + 1));
        return bytes;
    }

    /// <summary>The state tree path of a key.</summary>
    public static Hash32 Path(string ns, string key) => SparseMerkle.KeyHash(Encode(ns, key));
}
