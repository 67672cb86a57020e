using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>
/// ECDSA P-256 verification straight through the OpenSSL that .NET itself uses, with one verify
/// context per key kept and reused. <see cref="ECDsa.VerifyHash(ReadOnlySpan{byte}, ReadOnlySpan{byte}, DSASignatureFormat)"/>
/// creates and initialises a context for every call and allocates the DER form of the signature,
/// about 10 µs and 1.4 KB a verification on top of OpenSSL's own 78 µs; a node verifies every
/// transaction, so that is worth keeping. The answers are OpenSSL's, as through <see cref="ECDsa"/>
/// (which makes the same DER from r || s and calls the same <c>EVP_PKEY_verify</c>); the start-up
/// check (<see cref="EcdsaSelfCheck"/>) compares the two. Only where <see cref="LibCrypto"/> binds; elsewhere <see cref="IsAvailable"/> is false.
/// </summary>
internal static unsafe class OpenSslP256
{
    // SubjectPublicKeyInfo of a P-256 key up to the uncompressed point: SEQUENCE { SEQUENCE { id-ecPublicKey,
    // prime256v1 }, BIT STRING 0x00 0x04 ... }
    private static ReadOnlySpan<byte> SpkiPrefix =>
    [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
        0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
    ];

    private static readonly delegate* unmanaged<nint, byte**, CLong, nint> D2iPubkey;
    private static readonly delegate* unmanaged<nint, void> PkeyFree;
    private static readonly delegate* unmanaged<nint, nint, nint> CtxNew;
    private static readonly delegate* unmanaged<nint, void> CtxFree;
    private static readonly delegate* unmanaged<nint, int> VerifyInit;
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int> VerifyFn;
    private static readonly delegate* unmanaged<void> ErrClear;

#pragma warning disable CA1810 // the functions are bound and checked once, in order
    static OpenSslP256()
#pragma warning restore CA1810
    {
        if (!LibCrypto.TryGet(out var lib, out _)
            || !NativeLibrary.TryGetExport(lib, "d2i_PUBKEY", out var d2i)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_free", out var pkeyFree)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_new", out var ctxNew)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_free", out var ctxFree)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_verify_init", out var init)
            || !NativeLibrary.TryGetExport(lib, "EVP_PKEY_verify", out var verify)
            || !NativeLibrary.TryGetExport(lib, "ERR_clear_error", out var clear))
        {
            return;
        }

        D2iPubkey = (delegate* unmanaged<nint, byte**, CLong, nint>)d2i;
        PkeyFree = (delegate* unmanaged<nint, void>)pkeyFree;
        CtxNew = (delegate* unmanaged<nint, nint, nint>)ctxNew;
        CtxFree = (delegate* unmanaged<nint, void>)ctxFree;
        VerifyInit = (delegate* unmanaged<nint, int>)init;
        VerifyFn = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int>)verify;
        ErrClear = (delegate* unmanaged<void>)clear;
        IsAvailable = EcdsaSelfCheck.Agrees(static publicKey => Import(publicKey), static (key, digest, signature) => key.Verify(digest, signature));
    }

    /// <summary>Whether the direct path is bound and gave .NET's answers at start-up.</summary>
    public static bool IsAvailable { get; }

    /// <summary>A verify context for X || Y, or null when that is not a point of the curve.</summary>
    public static Key? Import(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64)
        {
            return null;
        }

        Span<byte> spki = stackalloc byte[27 + 64];
        SpkiPrefix.CopyTo(spki);
        publicKey.CopyTo(spki[27..]);
        nint pkey;
        fixed (byte* p = spki)
        {
            var cursor = p;
            pkey = D2iPubkey(0, &cursor, new CLong(spki.Length));
        }

        if (pkey == 0)
        {
            ErrClear();
            return null;
        }

        var ctx = CtxNew(pkey, 0);
        if (ctx == 0 || VerifyInit(ctx) != 1)
        {
            if (ctx != 0)
            {
                CtxFree(ctx);
            }

            PkeyFree(pkey);
            ErrClear();
            return null;
        }

        return new Key(pkey, ctx);
    }

    /// <summary>
    /// DER ECDSA-Sig-Value of r || s (32 bytes each): two minimal INTEGERs, as .NET writes it before
    /// the same OpenSSL call. At most 2 + 2 × 35 bytes.
    /// </summary>
    internal static int WriteDer(ReadOnlySpan<byte> signature, Span<byte> der)
    {
        var length = 2;
        length += WriteInteger(signature[..32], der[length..]);
        length += WriteInteger(signature[32..], der[length..]);
        der[0] = 0x30;
        der[1] = (byte)(length - 2);
        return length;
    }

    private static int WriteInteger(ReadOnlySpan<byte> value, Span<byte> der)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        var magnitude = value[start..];
        var pad = (magnitude[0] & 0x80) != 0 ? 1 : 0;
        der[0] = 0x02;
        der[1] = (byte)(magnitude.Length + pad);
        der[2] = 0;
        magnitude.CopyTo(der[(2 + pad)..]);
        return 2 + pad + magnitude.Length;
    }

    /// <summary>An imported key with its initialised verify context. Not thread-safe: one thread uses it.</summary>
    public sealed class Key : SafeHandle
    {
        private readonly nint _pkey;

        internal Key(nint pkey, nint ctx)
            : base(0, ownsHandle: true)
        {
            _pkey = pkey;
            SetHandle(ctx);
        }

        public override bool IsInvalid => handle == 0;

        /// <param name="digest">32 bytes.</param>
        /// <param name="signature">r || s, 64 bytes.</param>
        public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        {
            if (digest.Length != 32 || signature.Length != 64)
            {
                return false;
            }

            Span<byte> der = stackalloc byte[72];
            var length = WriteDer(signature, der);
            var added = false;
            try
            {
                DangerousAddRef(ref added);
                int result;
                fixed (byte* s = der)
                fixed (byte* d = digest)
                {
                    result = VerifyFn(handle, s, (nuint)length, d, (nuint)digest.Length);
                }

                if (result != 1)
                {
                    // a bad signature leaves errors on this thread's queue: clear them
                    ErrClear();
                }

                return result == 1;
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
            CtxFree(handle);
            PkeyFree(_pkey);
            return true;
        }
    }
}
