using System.Buffers.Binary;
using System.Text;
using Ledger.Core.Merkle;

namespace Ledger.State;

/// <summary>The byte layout of keys in the state, history, index and block columns.</summary>
public static class StateKeys
{
    /// <summary>utf8(namespace) || 0x00 || utf8(key): see <see cref="StateKey"/>.</summary>
    public static byte[] State(string ns, string key) => StateKey.Encode(ns, key);

    /// <summary>The first state key of a namespace and the first one after it.</summary>
    public static (byte[] From, byte[] To) NamespaceRange(string ns)
    {
        var from = State(ns, string.Empty);
        var to = (byte[])from.Clone();
        to[^1] = 0x01;
        return (from, to);
    }

    public static string KeyOf(ReadOnlySpan<byte> stateKey, string ns) =>
        Encoding.UTF8.GetString(stateKey[(Encoding.UTF8.GetByteCount(ns) + 1)..]);

    /// <summary>u32 length || state key: the prefix of every history entry of that key.</summary>
    public static byte[] HistoryPrefix(ReadOnlySpan<byte> stateKey)
    {
        var bytes = new byte[4 + stateKey.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)stateKey.Length);
        stateKey.CopyTo(bytes.AsSpan(4));
        return bytes;
    }

    public static byte[] History(ReadOnlySpan<byte> stateKey, ulong height, int index)
    {
        var bytes = new byte[4 + stateKey.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)stateKey.Length);
        stateKey.CopyTo(bytes.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4 + stateKey.Length), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12 + stateKey.Length), (uint)index);
        return bytes;
    }

    /// <summary>The smallest key greater than every key that starts with <paramref name="prefix"/> (null if none).</summary>
    public static byte[]? PrefixEnd(byte[] prefix)
    {
        var end = (byte[])prefix.Clone();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] != 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return null;
    }

    public static byte[] Height(ulong height)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, height);
        return bytes;
    }
}
