using System.Security.Cryptography;

namespace Ledger.Core.Identity;

/// <summary>
/// The start-up check of the direct ECDSA P-256 paths (<see cref="OpenSslP256"/>, <see cref="OpenSslP256FixedBase"/>):
/// signatures made here, their high-S twins, tampered copies and edge values of r and s (0, 1, n − 1, n,
/// 2²⁵⁶ − 1) must get the answer <see cref="ECDsa"/> gives, and a key that is not a point must be refused.
/// A path that fails it stays off.
/// </summary>
internal static class EcdsaSelfCheck
{
    /// <summary>n, the order of P-256's group, big-endian.</summary>
    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    /// <param name="import">The path's key for X || Y, or null when it refuses the key.</param>
    /// <param name="verify">The path's answer for a key, a digest and r || s.</param>
    public static bool Agrees<TKey>(Func<byte[], TKey?> import, Func<TKey, byte[], byte[], bool> verify)
        where TKey : class, IDisposable
    {
        try
        {
            using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var q = signer.ExportParameters(false).Q;
            using var reference = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
            using var key = import([.. q.X!, .. q.Y!]);
            if (key is null)
            {
                return false;
            }

            var digest = SHA256.HashData("ledger ECDSA start-up check"u8);
            var valid = new List<byte[]>();
            var cases = new List<byte[]>();
            for (var i = 0; i < 4; i++)
            {
                var signature = signer.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                valid.Add(signature);
                valid.Add(HighS(signature));
                var tampered = (byte[])signature.Clone();
                tampered[i * 17 % 64] ^= 0x01;
                cases.Add(tampered);
            }

            cases.AddRange(valid);
            byte[] n = [.. Order];
            byte[] nMinusOne = [.. Order];
            nMinusOne[31]--;
            var one = new byte[32];
            one[31] = 1;
            var max = new byte[32];
            max.AsSpan().Fill(0xFF);
            foreach (var r in (byte[][])[new byte[32], one, nMinusOne, n, max, valid[0][..32]])
            {
                foreach (var s in (byte[][])[new byte[32], one, nMinusOne, n, max, valid[0][32..]])
                {
                    cases.Add([.. r, .. s]);
                }
            }

            foreach (var signature in cases)
            {
                if (verify(key, digest, signature) != reference.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    return false;
                }
            }

            using var notAPoint = import(new byte[64]);
            return valid.TrueForAll(signature => verify(key, digest, signature)) && notAPoint is null;
        }
#pragma warning disable CA1031 // any failure of the check leaves the path off; the one below it is used
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>(r, n − s): the other valid signature of the same message.</summary>
    private static byte[] HighS(byte[] signature)
    {
        var result = (byte[])signature.Clone();
        var borrow = 0;
        for (var i = 31; i >= 0; i--)
        {
            var difference = Order[i] - signature[32 + i] - borrow;
            borrow = difference < 0 ? 1 : 0;
            result[32 + i] = (byte)(difference + (borrow << 8));
        }

        return result;
    }
}
