using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>
/// ECDSA P-256 verification for a key used often: the key gets a table of precomputed multiples,
/// so its half of the verification (u2·Q) costs what the generator's half (u1·G) does. OpenSSL's
/// <c>EVP_PKEY_verify</c> multiplies Q by windows each time, the larger part of its 80–100 µs on
/// this machine; with a table the whole check takes about 40 µs. The table is OpenSSL's own for a
/// generator (a copy of the P-256 group whose generator is Q, <c>EC_GROUP_precompute_mult</c>): about
/// 150 KB and 30–40 ms to build, so only keys used many times get one (see <see cref="SignatureVerifier"/>).
/// The arithmetic is OpenSSL's (its P-256 code) but for s⁻¹ (<see cref="P256Scalar"/>); this class
/// only does what ECDSA verification is (SEC 1, 4.1.4): 0 &lt; r, s &lt; n, w = s⁻¹,
/// R = (e·w)·G + (r·w)·Q, valid iff R is not the point at infinity and x(R) mod n = r (checked on R's
/// Jacobian coordinates, without an inversion). The start-up check (<see cref="EcdsaSelfCheck"/>)
/// compares it with <see cref="ECDsa"/>; only where that agrees is <see cref="IsAvailable"/> true.
/// </summary>
internal static unsafe class OpenSslP256FixedBase
{
    private const int NidPrime256V1 = 415;

    private static readonly delegate* unmanaged<int, nint> GroupNewByCurveName;
    private static readonly delegate* unmanaged<nint, nint> GroupDup;
    private static readonly delegate* unmanaged<nint, void> GroupFree;
    private static readonly delegate* unmanaged<nint, nint> GroupGetOrder;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, int> GroupSetGenerator;
    private static readonly delegate* unmanaged<nint, nint, int> GroupPrecompute;
    private static readonly delegate* unmanaged<nint, int> GroupHavePrecompute;
    private static readonly delegate* unmanaged<nint, nint> PointNew;
    private static readonly delegate* unmanaged<nint, void> PointFree;
    private static readonly delegate* unmanaged<nint, nint, byte*, nuint, nint, int> PointFromOctets;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, nint, int> PointMul;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> PointAdd;
    private static readonly delegate* unmanaged<nint, nint, int> PointIsInfinity;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, nint, int> PointJacobian;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> GroupGetCurve;
    private static readonly delegate* unmanaged<nint, nint, nint, int> BnAdd;
    private static readonly delegate* unmanaged<nint> BnNew;
    private static readonly delegate* unmanaged<nint, void> BnFree;
    private static readonly delegate* unmanaged<nint, nint> BnDup;
    private static readonly delegate* unmanaged<byte*, int, nint, nint> BnFromBytes;
    private static readonly delegate* unmanaged<nint, nint, int> BnCompare;
    private static readonly delegate* unmanaged<nint, int> BnIsZero;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> BnModMul;
    private static readonly delegate* unmanaged<nint> BnValueOne;
    private static readonly delegate* unmanaged<nint> CtxNew;
    private static readonly delegate* unmanaged<nint, void> CtxFree;
    private static readonly delegate* unmanaged<void> ErrClear;

    // the standard group (its generator's table is built into OpenSSL) and a copy of its order: shared
    // by every thread, read-only, kept for the life of the process
    private static readonly nint Standard;
    private static readonly nint Order;
    private static readonly nint Prime;
    private static readonly nint PrimeMinusOrder;

    [ThreadStatic]
    private static Scratch? t_scratch;

#pragma warning disable CA1810 // the functions are bound and checked once, in order
    static OpenSslP256FixedBase()
#pragma warning restore CA1810
    {
        // below the provider layer: not where FIPS providers are asked for
        if (!LibCrypto.TryGet(out var lib, out _) || LibCrypto.IsFipsEnabled)
        {
            return;
        }

        nint Bind(string name) => NativeLibrary.TryGetExport(lib, name, out var address) ? address : 0;
        nint[] functions =
        [
            Bind("EC_GROUP_new_by_curve_name"), Bind("EC_GROUP_dup"), Bind("EC_GROUP_free"), Bind("EC_GROUP_get0_order"),
            Bind("EC_GROUP_set_generator"), Bind("EC_GROUP_precompute_mult"), Bind("EC_GROUP_have_precompute_mult"),
            Bind("EC_POINT_new"), Bind("EC_POINT_free"), Bind("EC_POINT_oct2point"), Bind("EC_POINT_mul"), Bind("EC_POINT_add"),
            Bind("EC_POINT_is_at_infinity"), Bind("EC_POINT_get_Jprojective_coordinates_GFp"), Bind("EC_GROUP_get_curve"), Bind("BN_add"),
            Bind("BN_new"), Bind("BN_free"), Bind("BN_dup"), Bind("BN_bin2bn"), Bind("BN_cmp"), Bind("BN_is_zero"), Bind("BN_sub"),
            Bind("BN_mod_mul"), Bind("BN_value_one"),
            Bind("BN_CTX_new"), Bind("BN_CTX_free"), Bind("ERR_clear_error"), Bind("EC_GROUP_method_of"), Bind("EC_GFp_mont_method"),
        ];
        if (Array.IndexOf(functions, (nint)0) >= 0)
        {
            return;
        }

        var f = 0;
        GroupNewByCurveName = (delegate* unmanaged<int, nint>)functions[f++];
        GroupDup = (delegate* unmanaged<nint, nint>)functions[f++];
        GroupFree = (delegate* unmanaged<nint, void>)functions[f++];
        GroupGetOrder = (delegate* unmanaged<nint, nint>)functions[f++];
        GroupSetGenerator = (delegate* unmanaged<nint, nint, nint, nint, int>)functions[f++];
        GroupPrecompute = (delegate* unmanaged<nint, nint, int>)functions[f++];
        GroupHavePrecompute = (delegate* unmanaged<nint, int>)functions[f++];
        PointNew = (delegate* unmanaged<nint, nint>)functions[f++];
        PointFree = (delegate* unmanaged<nint, void>)functions[f++];
        PointFromOctets = (delegate* unmanaged<nint, nint, byte*, nuint, nint, int>)functions[f++];
        PointMul = (delegate* unmanaged<nint, nint, nint, nint, nint, nint, int>)functions[f++];
        PointAdd = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)functions[f++];
        PointIsInfinity = (delegate* unmanaged<nint, nint, int>)functions[f++];
        PointJacobian = (delegate* unmanaged<nint, nint, nint, nint, nint, nint, int>)functions[f++];
        GroupGetCurve = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)functions[f++];
        BnAdd = (delegate* unmanaged<nint, nint, nint, int>)functions[f++];
        BnNew = (delegate* unmanaged<nint>)functions[f++];
        BnFree = (delegate* unmanaged<nint, void>)functions[f++];
        BnDup = (delegate* unmanaged<nint, nint>)functions[f++];
        BnFromBytes = (delegate* unmanaged<byte*, int, nint, nint>)functions[f++];
        BnCompare = (delegate* unmanaged<nint, nint, int>)functions[f++];
        BnIsZero = (delegate* unmanaged<nint, int>)functions[f++];
        var bnSub = (delegate* unmanaged<nint, nint, nint, int>)functions[f++];
        BnModMul = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)functions[f++];
        BnValueOne = (delegate* unmanaged<nint>)functions[f++];
        CtxNew = (delegate* unmanaged<nint>)functions[f++];
        CtxFree = (delegate* unmanaged<nint, void>)functions[f++];
        ErrClear = (delegate* unmanaged<void>)functions[f++];
        var methodOf = (delegate* unmanaged<nint, nint>)functions[f++];
        var genericMethod = (delegate* unmanaged<nint>)functions[f];

        Standard = GroupNewByCurveName(NidPrime256V1);
        Order = Standard == 0 ? 0 : BnDup(GroupGetOrder(Standard));
        // OpenSSL's generic method multiplies a generator by a ladder that ignores tables: only its
        // P-256 code (nistz256 or nistp256) uses them
        if (Order == 0 || methodOf(Standard) == genericMethod())
        {
            ErrClear();
            return;
        }

        // p, and p − n: x(R) ≡ r (mod n) for x(R) < p means x(R) = r, or x(R) = r + n where r < p − n
        Prime = BnNew();
        PrimeMinusOrder = BnNew();
        if (Prime == 0 || PrimeMinusOrder == 0 || GroupGetCurve(Standard, Prime, 0, 0, 0) != 1 || bnSub(PrimeMinusOrder, Prime, Order) != 1)
        {
            ErrClear();
            return;
        }

        IsAvailable = EcdsaSelfCheck.Agrees(static publicKey => Build(publicKey), static (table, digest, signature) => table.Verify(digest, signature));
    }

    /// <summary>Whether tables can be built and gave .NET's answers at start-up.</summary>
    public static bool IsAvailable { get; }

    /// <summary>The table of X || Y (30–40 ms), or null when that is not a point of the curve or a step fails.</summary>
    public static Table? Build(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64)
        {
            return null;
        }

        Span<byte> octets = stackalloc byte[65];
        octets[0] = 0x04;
        publicKey.CopyTo(octets[1..]);
        var ctx = CtxNew();
        var q = PointNew(Standard);
        var group = GroupDup(Standard);
        try
        {
            int decoded;
            fixed (byte* p = octets)
            {
                decoded = ctx == 0 || q == 0 || group == 0 ? 0 : PointFromOctets(Standard, q, p, (nuint)octets.Length, ctx);
            }

            // P-256 has cofactor 1: every point of the curve but infinity generates the whole group
            if (decoded != 1 || PointIsInfinity(Standard, q) != 0
                || GroupSetGenerator(group, q, Order, BnValueOne()) != 1
                || GroupPrecompute(group, ctx) != 1 || GroupHavePrecompute(group) != 1)
            {
                ErrClear();
                return null;
            }

            var table = new Table(group);
            group = 0;
            return table;
        }
        finally
        {
            if (group != 0)
            {
                GroupFree(group);
            }

            if (q != 0)
            {
                PointFree(q);
            }

            if (ctx != 0)
            {
                CtxFree(ctx);
            }
        }
    }

    /// <summary>A key's precomputed multiples (a P-256 group whose generator is the key). Thread-safe: read-only once built.</summary>
    public sealed class Table : SafeHandle
    {
        internal Table(nint group)
            : base(0, ownsHandle: true) => SetHandle(group);

        public override bool IsInvalid => handle == 0;

        /// <param name="digest">32 bytes.</param>
        /// <param name="signature">r || s, 64 bytes.</param>
        public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        {
            if (digest.Length != 32 || signature.Length != 64)
            {
                return false;
            }

            var added = false;
            try
            {
                DangerousAddRef(ref added);
                var scratch = t_scratch ??= new Scratch();
                var ok = scratch.Verify(handle, digest, signature);
                if (!ok)
                {
                    ErrClear();
                }

                return ok;
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle()
        {
            GroupFree(handle);
            return true;
        }
    }

    /// <summary>One thread's numbers and points, so a verification allocates none of its own (OpenSSL's multiplication still makes a point). Freed after the thread ends.</summary>
    private sealed class Scratch
    {
        private readonly nint _ctx = CtxNew();
        private readonly nint _r = BnNew();
        private readonly nint _e = BnNew();
        private readonly nint _w = BnNew();
        private readonly nint _u1 = BnNew();
        private readonly nint _u2 = BnNew();
        private readonly nint _x = BnNew();
        private readonly nint _z = BnNew();
        private readonly nint _zz = BnNew();
        private readonly nint _v = BnNew();
        private readonly nint _p1 = PointNew(Standard);
        private readonly nint _p2 = PointNew(Standard);

        /// <summary>False when an allocation failed (out of memory): verifications then fail rather than touch a null.</summary>
        private bool IsComplete => _ctx != 0 && _r != 0 && _e != 0 && _w != 0 && _u1 != 0 && _u2 != 0 && _x != 0 && _z != 0 && _zz != 0 && _v != 0 && _p1 != 0 && _p2 != 0;

        ~Scratch()
        {
            foreach (var bn in (nint[])[_r, _e, _w, _u1, _u2, _x, _z, _zz, _v])
            {
                if (bn != 0)
                {
                    BnFree(bn);
                }
            }

            foreach (var point in (nint[])[_p1, _p2])
            {
                if (point != 0)
                {
                    PointFree(point);
                }
            }

            if (_ctx != 0)
            {
                CtxFree(_ctx);
            }
        }

        public bool Verify(nint group, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        {
            if (!IsComplete)
            {
                return false;
            }

            // w = s⁻¹ mod n, which also requires 0 < s < n
            Span<byte> w = stackalloc byte[32];
            if (!P256Scalar.TryInverse(signature[32..], w))
            {
                return false;
            }

            fixed (byte* sig = signature)
            fixed (byte* d = digest)
            fixed (byte* inverse = w)
            {
                if (BnFromBytes(sig, 32, _r) == 0 || BnFromBytes(d, 32, _e) == 0 || BnFromBytes(inverse, 32, _w) == 0)
                {
                    return false;
                }
            }

            // 0 < r < n (s was checked by its inversion); the digest is as long as n, so e is the digest
            // itself (reduced by the products)
            if (BnIsZero(_r) != 0 || BnCompare(_r, Order) >= 0)
            {
                return false;
            }

            if (BnModMul(_u1, _e, _w, Order, _ctx) != 1
                || BnModMul(_u2, _r, _w, Order, _ctx) != 1
                || PointMul(Standard, _p1, _u1, 0, 0, _ctx) != 1
                || PointMul(group, _p2, _u2, 0, 0, _ctx) != 1
                || PointAdd(Standard, _p1, _p1, _p2, _ctx) != 1
                || PointIsInfinity(Standard, _p1) != 0
                || PointJacobian(Standard, _p1, _x, 0, _z, _ctx) != 1
                || BnModMul(_zz, _z, _z, Prime, _ctx) != 1)
            {
                return false;
            }

            // R = (X : Y : Z) in Jacobian coordinates has x(R) = X / Z²: compare X with r·Z² (and with
            // (r + n)·Z²) rather than pay a field inversion for x(R)
            if (BnModMul(_v, _zz, _r, Prime, _ctx) != 1)
            {
                return false;
            }

            if (BnCompare(_v, _x) == 0)
            {
                return true;
            }

            return BnCompare(_r, PrimeMinusOrder) < 0
                && BnAdd(_v, _r, Order) == 1
                && BnModMul(_v, _zz, _v, Prime, _ctx) == 1
                && BnCompare(_v, _x) == 0;
        }
    }
}
