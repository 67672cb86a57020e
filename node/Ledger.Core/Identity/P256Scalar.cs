using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ledger.Core.Identity;

/// <summary>
/// Inversion modulo n, the order of P-256's group, for ECDSA verification (w = s⁻¹). OpenSSL's
/// <c>BN_mod_inverse</c> takes about 13 µs here, a third of a verification with a table; this binary
/// extended Euclid on four 64-bit limbs takes a few. Not constant-time: it is only given public
/// values (signatures), never a secret.
/// </summary>
internal static class P256Scalar
{
    // n = FFFFFFFF 00000000 FFFFFFFF FFFFFFFF BCE6FAAD A7179E84 F3B9CAC2 FC632551, least significant limb first
    private static readonly U256 N = new(0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000);

    /// <summary>a⁻¹ mod n (32 bytes, big-endian, each); false, writing nothing, unless 0 &lt; a &lt; n.</summary>
    public static bool TryInverse(ReadOnlySpan<byte> a, Span<byte> inverse)
    {
        if (a.Length != 32 || inverse.Length < 32)
        {
            return false;
        }

        var u = U256.Read(a);
        if (u.IsZero || U256.Compare(u, N) >= 0)
        {
            return false;
        }

        // invariants: x1·a ≡ u and x2·a ≡ v (mod n); n is prime, so gcd(a, n) = 1 and one of u, v reaches 1
        var v = N;
        var x1 = new U256(1, 0, 0, 0);
        var x2 = default(U256);
        while (!u.IsOne && !v.IsOne)
        {
            while (u.IsEven)
            {
                u = u.Half(0);
                x1 = HalfModN(x1);
            }

            while (v.IsEven)
            {
                v = v.Half(0);
                x2 = HalfModN(x2);
            }

            if (U256.Compare(u, v) >= 0)
            {
                u = U256.Subtract(u, v, out _);
                x1 = SubtractModN(x1, x2);
            }
            else
            {
                v = U256.Subtract(v, u, out _);
                x2 = SubtractModN(x2, x1);
            }
        }

        (u.IsOne ? x1 : x2).Write(inverse);
        return true;
    }

    /// <summary>x / 2 mod n for x &lt; n: x is even, or x + n is (n is odd), and either half is below n.</summary>
    private static U256 HalfModN(U256 x)
    {
        if (x.IsEven)
        {
            return x.Half(0);
        }

        var sum = U256.Add(x, N, out var carry);
        return sum.Half(carry);
    }

    /// <summary>x − y mod n for x, y &lt; n.</summary>
    private static U256 SubtractModN(U256 x, U256 y)
    {
        var difference = U256.Subtract(x, y, out var borrow);
        return borrow == 0 ? difference : U256.Add(difference, N, out _);
    }

    private readonly record struct U256(ulong L0, ulong L1, ulong L2, ulong L3)
    {
        public bool IsZero => (L0 | L1 | L2 | L3) == 0;

        public bool IsOne => L0 == 1 && (L1 | L2 | L3) == 0;

        public bool IsEven => (L0 & 1) == 0;

        public static U256 Read(ReadOnlySpan<byte> bigEndian) => new(
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bigEndian));

        public void Write(Span<byte> bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bigEndian, L3);
            BinaryPrimitives.WriteUInt64BigEndian(bigEndian[8..], L2);
            BinaryPrimitives.WriteUInt64BigEndian(bigEndian[16..], L1);
            BinaryPrimitives.WriteUInt64BigEndian(bigEndian[24..], L0);
        }

        /// <summary>(this + 2²⁵⁶·top) / 2, for a 257-bit value whose top bit is <paramref name="top"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public U256 Half(ulong top) => new(
            (L0 >> 1) | (L1 << 63),
            (L1 >> 1) | (L2 << 63),
            (L2 >> 1) | (L3 << 63),
            (L3 >> 1) | (top << 63));

        public static int Compare(U256 a, U256 b) =>
            a.L3 != b.L3 ? a.L3.CompareTo(b.L3)
            : a.L2 != b.L2 ? a.L2.CompareTo(b.L2)
            : a.L1 != b.L1 ? a.L1.CompareTo(b.L1)
            : a.L0.CompareTo(b.L0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static U256 Add(U256 a, U256 b, out ulong carry)
        {
            var r0 = a.L0 + b.L0;
            var c = r0 < a.L0 ? 1UL : 0UL;
            var r1 = a.L1 + b.L1 + c;
            c = r1 < a.L1 || (c == 1 && r1 == a.L1) ? 1UL : 0UL;
            var r2 = a.L2 + b.L2 + c;
            c = r2 < a.L2 || (c == 1 && r2 == a.L2) ? 1UL : 0UL;
            var r3 = a.L3 + b.L3 + c;
            carry = r3 < a.L3 || (c == 1 && r3 == a.L3) ? 1UL : 0UL;
            return new U256(r0, r1, r2, r3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static U256 Subtract(U256 a, U256 b, out ulong borrow)
        {
            var r0 = a.L0 - b.L0;
            var c = a.L0 < b.L0 ? 1UL : 0UL;
            var r1 = a.L1 - b.L1 - c;
            c = a.L1 < b.L1 || (c == 1 && a.L1 == b.L1) ? 1UL : 0UL;
            var r2 = a.L2 - b.L2 - c;
            c = a.L2 < b.L2 || (c == 1 && a.L2 == b.L2) ? 1UL : 0UL;
            var r3 = a.L3 - b.L3 - c;
            borrow = a.L3 < b.L3 || (c == 1 && a.L3 == b.L3) ? 1UL : 0UL;
            return new U256(r0, r1, r2, r3);
        }
    }
}
