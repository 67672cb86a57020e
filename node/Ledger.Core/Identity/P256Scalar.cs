using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ledger.Core.Identity;

/// <summary>
/// Inversion modulo n, the order of P-256's group, for ECDSA verification (w = s⁻¹). OpenSSL's
/// <c>BN_mod_inverse</c> takes about 13 µs here, a third of a verification with a table. This is
/// Bernstein and Yang's "safegcd" (Fast constant-time gcd computation and modular inversion, 2019),
/// in its variable-time form: 62 division steps at a time on the low words only, each batch applied
/// to the full numbers as one 2×2 matrix, on five signed 62-bit limbs. Not constant-time: it is only
/// given public values (signatures), never a secret.
/// </summary>
internal static class P256Scalar
{
    private const ulong Low62 = ulong.MaxValue >> 2;

    // n = FFFFFFFF 00000000 FFFFFFFF FFFFFFFF BCE6FAAD A7179E84 F3B9CAC2 FC632551, least significant limb first
    private static readonly U256 N = new(0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000);

    private static readonly Limbs NLimbs = Limbs.From(N);

    // n⁻¹ mod 2⁶² (Newton's iteration doubles the correct low bits of an odd number's inverse)
    private static readonly ulong NInverse62 = InverseMod64(N.L0) & Low62;

    /// <summary>a⁻¹ mod n (32 bytes, big-endian, each); false, writing nothing, unless 0 &lt; a &lt; n.</summary>
    public static bool TryInverse(ReadOnlySpan<byte> a, Span<byte> inverse)
    {
        if (a.Length != 32 || inverse.Length < 32)
        {
            return false;
        }

        var value = U256.Read(a);
        if (value.IsZero || U256.Compare(value, N) >= 0)
        {
            return false;
        }

        // invariants: d·a ≡ f and e·a ≡ g (mod n) up to a common power of two that the updates divide
        // out; f stays odd; g reaches 0 and f then is ±gcd(a, n) = ±1 (n is prime)
        var d = default(Limbs);
        var e = default(Limbs);
        e[0] = 1;
        var f = NLimbs;
        var g = Limbs.From(value);
        var length = 5;
        long eta = -1; // −δ of the paper; δ starts at 1
        while (true)
        {
            eta = DivSteps(eta, (ulong)f[0], (ulong)g[0], out var t);
            UpdateDE(ref d, ref e, t);
            UpdateFG(length, ref f, ref g, t);
            if (g[0] == 0)
            {
                long rest = 0;
                for (var j = 1; j < length; j++)
                {
                    rest |= g[j];
                }

                if (rest == 0)
                {
                    break;
                }
            }

            // when the top limbs of f and g are both 0 or −1, drop them (their sign moves into the limb below)
            var fTop = f[length - 1];
            var gTop = g[length - 1];
            var keep = ((long)length - 2) >> 63;
            keep |= fTop ^ (fTop >> 63);
            keep |= gTop ^ (gTop >> 63);
            if (keep == 0)
            {
                f[length - 2] |= (long)((ulong)fTop << 62);
                g[length - 2] |= (long)((ulong)gTop << 62);
                length--;
            }
        }

        Normalize(ref d, f[length - 1]).ToU256().Write(inverse);
        return true;
    }

    /// <summary>
    /// 62 division steps on the low words of f (odd) and g. Returns the new η, and in
    /// <paramref name="t"/> the matrix with t·(f, g) = 2⁶²·(f′, g′) for the full numbers. Runs of
    /// zero bits of g are skipped at once; otherwise up to 6 (or 4) low bits of g are cancelled at once.
    /// </summary>
    private static long DivSteps(long eta, ulong f, ulong g, out Transition t)
    {
        ulong u = 1, v = 0, q = 0, r = 1;
        var left = 62;
        while (true)
        {
            // a sentinel bit counts zeros only up to the steps left
            var zeros = BitOperations.TrailingZeroCount(g | (ulong.MaxValue << left));
            g >>= zeros;
            u <<= zeros;
            v <<= zeros;
            eta -= zeros;
            left -= zeros;
            if (left == 0)
            {
                break;
            }

            ulong w;
            if (eta < 0)
            {
                // δ > 0 and g odd: swap, negating the new g
                eta = -eta;
                (f, g) = (g, 0 - f);
                (u, q) = (q, 0 - u);
                (v, r) = (r, 0 - v);

                // f·(f² − 2) ≡ −f⁻¹ (mod 2⁶), so g + f·w with w = g·f·(f² − 2) clears up to 6 low bits of g
                var limit = (int)Math.Min(eta + 1, left);
                var mask = (ulong.MaxValue >> (64 - limit)) & 63UL;
                w = f * g * ((f * f) - 2) & mask;
            }
            else
            {
                // f + ((f + 1) & 4)·2 ≡ f⁻¹ (mod 2⁴), so g + f·w with w = −g·f⁻¹ clears up to 4 low bits of g
                var limit = (int)Math.Min(eta + 1, left);
                var mask = (ulong.MaxValue >> (64 - limit)) & 15UL;
                w = f + (((f + 1) & 4) << 1);
                w = (0 - w) * g & mask;
            }

            g += f * w;
            q += u * w;
            r += v * w;
        }

        t = new Transition((long)u, (long)v, (long)q, (long)r);
        return eta;
    }

    /// <summary>
    /// (d, e) ← t·(d, e) / 2⁶² mod n: a multiple of n is added to each first so that the low 62 bits
    /// are zero (and the results stay in (−2n, n)).
    /// </summary>
    private static void UpdateDE(ref Limbs d, ref Limbs e, in Transition t)
    {
        var (u, v, q, r) = (t.U, t.V, t.Q, t.R);
        var signD = d[4] >> 63;
        var signE = e[4] >> 63;
        var md = (u & signD) + (v & signE);
        var me = (q & signD) + (r & signE);

        var cd = Int128Accumulator.Of(u, d[0], v, e[0]);
        var ce = Int128Accumulator.Of(q, d[0], r, e[0]);
        md -= (long)(((NInverse62 * cd.Low) + (ulong)md) & Low62);
        me -= (long)(((NInverse62 * ce.Low) + (ulong)me) & Low62);
        cd.Add(NLimbs[0], md);
        ce.Add(NLimbs[0], me);
        cd.ShiftRight62();
        ce.ShiftRight62();
        for (var i = 1; i < 5; i++)
        {
            cd.Add(u, d[i]);
            cd.Add(v, e[i]);
            cd.Add(NLimbs[i], md);
            ce.Add(q, d[i]);
            ce.Add(r, e[i]);
            ce.Add(NLimbs[i], me);
            d[i - 1] = (long)(cd.Low & Low62);
            e[i - 1] = (long)(ce.Low & Low62);
            cd.ShiftRight62();
            ce.ShiftRight62();
        }

        d[4] = (long)cd.Low;
        e[4] = (long)ce.Low;
    }

    /// <summary>(f, g) ← t·(f, g) / 2⁶² on the first <paramref name="length"/> limbs (exact: the low 62 bits are zero).</summary>
    private static void UpdateFG(int length, ref Limbs f, ref Limbs g, in Transition t)
    {
        var (u, v, q, r) = (t.U, t.V, t.Q, t.R);
        var cf = Int128Accumulator.Of(u, f[0], v, g[0]);
        var cg = Int128Accumulator.Of(q, f[0], r, g[0]);
        cf.ShiftRight62();
        cg.ShiftRight62();
        for (var i = 1; i < length; i++)
        {
            var (fi, gi) = (f[i], g[i]);
            cf.Add(u, fi);
            cf.Add(v, gi);
            cg.Add(q, fi);
            cg.Add(r, gi);
            f[i - 1] = (long)(cf.Low & Low62);
            g[i - 1] = (long)(cg.Low & Low62);
            cf.ShiftRight62();
            cg.ShiftRight62();
        }

        f[length - 1] = (long)cf.Low;
        g[length - 1] = (long)cg.Low;
    }

    /// <summary>d in (−2n, n), times the sign of f (±1), as a value in [0, n) on limbs of 62 bits.</summary>
    private static Limbs Normalize(ref Limbs d, long sign)
    {
        AddNIfNegative(ref d);
        var negate = sign >> 63;
        for (var i = 0; i < 5; i++)
        {
            d[i] = (d[i] ^ negate) - negate;
        }

        Carry(ref d);
        AddNIfNegative(ref d);
        Carry(ref d);
        return d;

        static void AddNIfNegative(ref Limbs x)
        {
            var negative = x[4] >> 63;
            for (var i = 0; i < 5; i++)
            {
                x[i] += NLimbs[i] & negative;
            }
        }

        static void Carry(ref Limbs x)
        {
            for (var i = 0; i < 4; i++)
            {
                x[i + 1] += x[i] >> 62;
                x[i] &= (long)Low62;
            }
        }
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

    /// <summary>The matrix of 62 division steps, scaled by 2⁶².</summary>
    private readonly record struct Transition(long U, long V, long Q, long R);

    /// <summary>A signed 128-bit sum of products of 64-bit numbers.</summary>
    private struct Int128Accumulator
    {
        private ulong _low;
        private long _high;

        public readonly ulong Low => _low;

        /// <summary>a·x + b·y.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Int128Accumulator Of(long a, long x, long b, long y)
        {
            var sum = default(Int128Accumulator);
            sum.Add(a, x);
            sum.Add(b, y);
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long a, long b)
        {
            var high = Math.BigMul(a, b, out var low);
            var sum = _low + (ulong)low;
            _high += high + (sum < _low ? 1 : 0);
            _low = sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ShiftRight62()
        {
            _low = (_low >> 62) | ((ulong)_high << 2);
            _high >>= 62;
        }
    }

    /// <summary>A number as five signed limbs of (nominally) 62 bits, least significant first.</summary>
    [InlineArray(5)]
    private struct Limbs
    {
        private long _limb;

        public static Limbs From(U256 x)
        {
            var limbs = default(Limbs);
            limbs[0] = (long)(x.L0 & Low62);
            limbs[1] = (long)(((x.L0 >> 62) | (x.L1 << 2)) & Low62);
            limbs[2] = (long)(((x.L1 >> 60) | (x.L2 << 4)) & Low62);
            limbs[3] = (long)(((x.L2 >> 58) | (x.L3 << 6)) & Low62);
            limbs[4] = (long)(x.L3 >> 56);
            return limbs;
        }

        /// <summary>The value of limbs in [0, 2⁶²) (the top one below 2⁸).</summary>
        public readonly U256 ToU256()
        {
            var (l0, l1, l2, l3, l4) = ((ulong)this[0], (ulong)this[1], (ulong)this[2], (ulong)this[3], (ulong)this[4]);
            return new U256(l0 | (l1 << 62), (l1 >> 2) | (l2 << 60), (l2 >> 4) | (l3 << 58), (l3 >> 6) | (l4 << 56));
        }
    }

    private readonly record struct U256(ulong L0, ulong L1, ulong L2, ulong L3)
    {
        public bool IsZero => (L0 | L1 | L2 | L3) == 0;

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

        public static int Compare(U256 a, U256 b) =>
            a.L3 != b.L3 ? a.L3.CompareTo(b.L3)
            : a.L2 != b.L2 ? a.L2.CompareTo(b.L2)
            : a.L1 != b.L1 ? a.L1.CompareTo(b.L1)
            : a.L0.CompareTo(b.L0);
    }
}
