using System.Buffers.Binary;

namespace Ledger.Core;

/// <summary>A SHA-256 digest: 32 bytes, compared and ordered as unsigned big-endian bytes.</summary>
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a hash is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public static Hash32 Zero => default;

    public bool IsZero => (_a | _b | _c | _d) == 0;

    public static Hash32 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[Size];
        Sha256.Hash(data, buffer);
        return new Hash32(buffer);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Nibble <paramref name="index"/> (0..63) as a path digit, high nibble of the first byte first.</summary>
    public int Nibble(int index)
    {
        var word = (index >> 4) switch
        {
            0 => _a,
            1 => _b,
            2 => _c,
            3 => _d,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
        return (int)((word >> (60 - ((index & 15) << 2))) & 0xF);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public string ToHex() => Convert.ToHexStringLower(ToArray());

    public override string ToString() => ToHex();

    /// <summary>Parses 64 hex digits (either case).</summary>
    public static Hash32 Parse(string hex)
    {
        if (!TryParse(hex, out var hash))
        {
            throw new FormatException("a hash is 64 hex digits");
        }

        return hash;
    }

    public static bool TryParse(string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }

        hash = new Hash32(bytes);
        return true;
    }

    public bool Equals(Hash32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    public int CompareTo(Hash32 other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
