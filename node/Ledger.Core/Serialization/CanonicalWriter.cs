using System.Buffers;
using System.Buffers.Binary;

namespace Ledger.Core.Serialization;

/// <summary>
/// Writes the canonical binary encoding shared by every hashed or signed structure:
/// fixed-width big-endian integers, and byte strings and UTF-8 strings prefixed by a u32 length.
/// There is exactly one encoding of each value, so equal values hash equally on every node.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Forgets what was written and keeps the buffer, so one writer can encode many values.</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>Makes room for <paramref name="bytes"/> more bytes at once (one allocation, not a series of doublings).</summary>
    public void Reserve(int bytes) => _buffer.GetSpan(bytes);

    public CanonicalWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public CanonicalWriter WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public CanonicalWriter WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    public CanonicalWriter WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public CanonicalWriter WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteHash(Hash32 value)
    {
        value.WriteTo(_buffer.GetSpan(Hash32.Size));
        _buffer.Advance(Hash32.Size);
        return this;
    }

    /// <summary>Raw bytes with no length prefix; only for fixed-size fields.</summary>
    public CanonicalWriter WriteRaw(ReadOnlySpan<byte> value)
    {
        _buffer.Write(value);
        return this;
    }

    public CanonicalWriter WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteUInt32(checked((uint)value.Length));
        _buffer.Write(value);
        return this;
    }

    /// <summary>
    /// UTF-8 with a u32 length. A lone surrogate is written as U+FFFD rather than rejected: strings
    /// derived from JSON escapes (e.g. <c>"\ud800"</c>) can hold one, and refusing to encode a block's
    /// record would stop the chain. The replacement is the same on every node, and the bytes (what is
    /// hashed and signed) decode and re-encode identically.
    /// </summary>
    public CanonicalWriter WriteString(string value)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteUInt32(checked((uint)count));
        System.Text.Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
        return this;
    }
}
