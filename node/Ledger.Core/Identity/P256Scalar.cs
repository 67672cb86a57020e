using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ledger.Core.Identity;

/// <summary>
/// Inversion modulo n, the order of P-256's group, for ECDSA verification (w = s⁻¹). OpenSSL's
/// <c>BN_mod_inverse</c> takes about 13 µs here, a third of a verification with a table. This is the
/// binary extended Euclid on four 64-bit limbs, removing all factors of two at once (and dividing its
/// coefficient by that power of two mod n in one Montgomery step). Not constant-time: it is only
/// given public values (signatures), never a secret.
/// </summary>
internal static class P256Scalar
{
    // n = FFFFFFFF 00000000 FFFFFFFF FFFFFFFF BCE6FAAD A7179E84 F3B9CAC2 FC632551, least significant limb first
    private static readonly U256 N = new(0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000);

    // n⁻¹ mod 2⁶⁴ (Newton's iteration doubles the correct low bits of an odd number's inverse)
    private static readonly ulong NInverse = InverseMod64(N.L0);

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

        // invariants: x1·a ≡ u and x2·a ≡ v (mod n), u and v odd after each step; n is prime, so
        // gcd(u, v) = 1 and the one that is subtracted from reaches 1
        var v = N;
        var x1 = new U256(1, 0, 0, 0);
        var x2 = default(U256);
        RemoveTwos(ref u, ref x1);
        while (!u.IsOne && !v.IsOne)
        {
            if (U256.Compare(u, v) > 0)
            {
                u = U256.Subtract(u, v, out _);
                x1 = SubtractModN(x1, x2);
                RemoveTwos(ref u, ref x1);
            }
            else
            {
                v = U256.Subtract(v, u, out _);
                x2 = SubtractModN(x2, x1);
                RemoveTwos(ref v, ref x2);
            }
        }

        (u.IsOne ? x1 : x2).Write(inverse);
        return true;
    }

    /// <summary>Divides <paramref name="u"/> (not 0) by 2 until it is odd, and <paramref name="x"/> by as many 2s mod n.</summary>
    private static void RemoveTwos(ref U256 u, ref U256 x)
    {
        for (var twos = u.TrailingZeros; twos > 0;)
        {
            var k = Math.Min(twos, 63);
            u = u.ShiftRight(k);
            x = DivideByPowerOfTwoModN(x, k);
            twos -= k;
        }
    }

    /// <summary>
    /// x / 2ᵏ mod n for x &lt; n and 1 ≤ k ≤ 63: x + m·n with m = −x·n⁻¹ mod 2ᵏ is a multiple of 2ᵏ below
    /// 2ᵏ·n, so shifting it right gives the quotient, already below n.
    /// </summary>
    private static U256 DivideByPowerOfTwoModN(U256 x, int k)
    {
        var m = (0 - (x.L0 * NInverse)) & ((1UL << k) - 1);
        var s0 = MultiplyAdd(m, N.L0, x.L0, 0, out var carry);
        var s1 = MultiplyAdd(m, N.L1, x.L1, carry, out carry);
        var s2 = MultiplyAdd(m, N.L2, x.L2, carry, out carry);
        var s3 = MultiplyAdd(m, N.L3, x.L3, carry, out var s4);
        return new U256(
            (s0 >> k) | (s1 << (64 - k)),
            (s1 >> k) | (s2 << (64 - k)),
            (s2 >> k) | (s3 << (64 - k)),
            (s3 >> k) | (s4 << (64 - k)));
    }

    /// <summary>The low word of a·b + c + d, and its high word in <paramref name="high"/> (never overflows: (2⁶⁴ − 1)² + 2·(2⁶⁴ − 1) &lt; 2¹²⁸).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyAdd(ulong a, ulong b, ulong c, ulong d, out ulong high)
    {
        high = Math.BigMul(a, b, out var low);
        var sum = low + c;
        high += sum < low ? 1UL : 0UL;
        var total = sum + d;
        high += total < sum ? 1UL : 0UL;
        return total;
    }

    private static ulong InverseMod64(ulong odd)
    {
        var x = odd;
        for (var i = 0; i < 6; i++)
        {
            x *= 2 - (odd * x);
        }

        return x;
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

        public int TrailingZeros =>
            L0 != 0 ? BitOperations.TrailingZeroCount(L0)
            : L1 != 0 ? 64 + BitOperations.TrailingZeroCount(L1)
            : L2 != 0 ? 128 + BitOperations.TrailingZeroCount(L2)
            : 192 + BitOperations.TrailingZeroCount(L3);

        /// <summary>this / 2ᵏ for 1 ≤ k ≤ 63.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public U256 ShiftRight(int k) => new(
            (L0 >> k) | (L1 << (64 - k)),
            (L1 >> k) | (L2 << (64 - k)),
            (L2 >> k) | (L3 << (64 - k)),
            L3 >> k);

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
