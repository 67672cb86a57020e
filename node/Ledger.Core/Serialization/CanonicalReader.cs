using System.Buffers.Binary;

namespace Ledger.Core.Serialization;

/// <summary>
/// Reads the encoding written by <see cref="CanonicalWriter"/>. Every read is bounds-checked and
/// strings must be valid UTF-8; any violation throws <see cref="LedgerFormatException"/>.
/// Callers finish with <see cref="EnsureEnd"/> so that trailing bytes are rejected.
/// </summary>
public ref struct CanonicalReader
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    /// <summary>How many bytes have been read.</summary>
    public readonly int Position => _position;

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new LedgerFormatException($"truncated input while reading {field}");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadByte(string field) => Take(1, field)[0];

    public bool ReadBool(string field) => ReadByte(field) switch
    {
        0 => false,
        1 => true,
        _ => throw new LedgerFormatException($"{field} is not a boolean"),
    };

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(8, field));

    public Hash32 ReadHash(string field) => new(Take(Hash32.Size, field));

    public ReadOnlySpan<byte> ReadBytesSpan(string field, int maxLength = int.MaxValue)
    {
        var length = ReadUInt32(field);
        if (length > (uint)maxLength)
        {
            throw new LedgerFormatException($"{field} is longer than {maxLength} bytes");
        }

        return Take((int)length, field);
    }

    public byte[] ReadBytes(string field, int maxLength = int.MaxValue) => ReadBytesSpan(field, maxLength).ToArray();

    public string ReadString(string field, int maxLength = int.MaxValue)
    {
        var bytes = ReadBytesSpan(field, maxLength);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new LedgerFormatException($"{field} is not valid UTF-8");
        }
    }

    /// <summary>Reads a u32 element count and checks it against a bound before anything is allocated.</summary>
    public int ReadCount(string field, int max)
    {
        var count = ReadUInt32(field);
        if (count > (uint)max)
        {
            throw new LedgerFormatException($"{field} has {count} elements, more than {max}");
        }

        return (int)count;
    }

    public readonly void EnsureEnd(string structure)
    {
        if (Remaining != 0)
        {
            throw new LedgerFormatException($"{Remaining} trailing bytes after {structure}");
        }
    }
}
