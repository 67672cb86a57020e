using Ledger.Core.Identity;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Ledger.Core.Tests.Identity;

/// <summary>
/// Signatures built to reach the corners of verification that random signatures never reach: x(R)
/// at or above n, R at infinity, u1·G = u2·Q (a doubling), u1 = 0, a digest of n, and the generator
/// (or its negation or double) as the key. Each is checked against .NET's ECDsa, on both paths.
/// BouncyCastle does the curve arithmetic that builds them.
/// </summary>
public sealed class ConstructedSignatureTests : IDisposable
{
    private static readonly X9ECParameters P256 = ECNamedCurveTable.GetByName("secp256r1");
    private static readonly BigInteger U1 = new("7a1c0d3e5f29b4876c5d1e0f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d", 16);
    private static readonly BigInteger U2 = new("1f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978", 16);

    private readonly SignatureVerifier _contexts = new(tableAfter: -1);
    private readonly SignatureVerifier _tables = new(tableAfter: 1, buildInBackground: false);

    private static BigInteger N => P256.N;

    private static ECPoint G => P256.G;

    public void Dispose()
    {
        _contexts.Dispose();
        _tables.Dispose();
    }

    public static TheoryData<string> Cases() => new(Constructed().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_paths_answer_as_dotnet_on_a_constructed_signature(string name)
    {
        var (_, key, digest, signature, valid) = Constructed().Single(c => c.Name == name);
        bool expected;
        using (var reference = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new System.Security.Cryptography.ECPoint { X = key[..32], Y = key[32..] },
        }))
        {
            expected = reference.VerifyHash(digest, signature, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        // the construction is what it claims, by .NET's own verification
        Assert.Equal(valid, expected);
        Assert.Equal(expected, _contexts.Verify(key, digest, signature));
        Assert.Equal(expected, _tables.Verify(key, digest, signature));
        Assert.Equal(SignatureVerifier.HasFixedBaseTables ? 1 : 0, _tables.TableCount);
    }

    private static IEnumerable<(string Name, byte[] Key, byte[] Digest, byte[] Signature, bool Valid)> Constructed()
    {
        // x(R) ≥ n: a point whose x is n + i; its r is x − n (valid), and x itself is out of range
        var (x, y) = PointWithXAtLeastN();
        var high = P256.Curve.CreatePoint(x, y);
        var key = high.Subtract(G.Multiply(U1)).Multiply(U2.ModInverse(N)).Normalize();
        yield return Case("x(R) at or above n, r = x(R) − n", key, U1, U2, x.Subtract(N), valid: true);
        yield return Case("x(R) at or above n, r = x(R)", key, U1, U2, x, valid: false);
        yield return Case("x(R) at or above n, r = x(R) − n + 1", key, U1, U2, x.Subtract(N).Add(BigInteger.One), valid: false);

        // R = u1·G + u2·Q at infinity: Q = −(u1/u2)·G
        var cancelling = G.Multiply(U1.Multiply(U2.ModInverse(N)).Mod(N)).Negate().Normalize();
        yield return Case("R at infinity", cancelling, U1, U2, BigInteger.ValueOf(5), valid: false);

        // u1·G = u2·Q: Q = (u1/u2)·G, so R = 2·u1·G
        var doubling = G.Multiply(U1.Multiply(U2.ModInverse(N)).Mod(N)).Normalize();
        yield return Case("u1·G = u2·Q", doubling, U1, U2, XOf(G.Multiply(U1.ShiftLeft(1).Mod(N))), valid: true);

        // u1 = 0 (a digest of 0, and of n, which is 0 mod n)
        var seven = G.Multiply(BigInteger.ValueOf(7)).Normalize();
        var r0 = XOf(seven.Multiply(U2));
        yield return Case("digest 0", seven, BigInteger.Zero, U2, r0, valid: true);
        var (_, k, _, signature, _) = Case("digest n", seven, BigInteger.Zero, U2, r0, valid: true);
        yield return ("digest n", k, Bytes(N), signature, true);

        // the generator, its negation and its double as keys
        foreach (var (name, q) in new[] { ("key G", G), ("key −G", G.Negate()), ("key 2G", G.Twice()) })
        {
            var point = q.Normalize();
            var r = XOf(G.Multiply(U1).Add(point.Multiply(U2)));
            yield return Case(name, point, U1, U2, r, valid: true);
            yield return Case(name + ", r + 1", point, U1, U2, r.Add(BigInteger.One).Mod(N), valid: false);
        }
    }

    /// <summary>The signature (r, s) and digest e over which verification computes u1 = e/s = <paramref name="u1"/> and u2 = r/s = <paramref name="u2"/>.</summary>
    private static (string, byte[], byte[], byte[], bool) Case(string name, ECPoint key, BigInteger u1, BigInteger u2, BigInteger r, bool valid)
    {
        var rModN = r.Mod(N);
        var s = rModN.Multiply(u2.ModInverse(N)).Mod(N);
        var e = u1.Multiply(s).Mod(N);
        var normalized = key.Normalize();
        byte[] publicKey = [.. Bytes(normalized.AffineXCoord.ToBigInteger()), .. Bytes(normalized.AffineYCoord.ToBigInteger())];
        return (name, publicKey, Bytes(e), [.. Bytes(r), .. Bytes(s)], valid);
    }

    private static (BigInteger X, BigInteger Y) PointWithXAtLeastN()
    {
        var curve = P256.Curve;
        for (var i = 0; ; i++)
        {
            var x = N.Add(BigInteger.ValueOf(i));
            var fx = curve.FromBigInteger(x);
            if (fx.Square().Add(curve.A).Multiply(fx).Add(curve.B).Sqrt() is { } y)
            {
                return (x, y.ToBigInteger());
            }
        }
    }

    private static BigInteger XOf(ECPoint point) => point.Normalize().AffineXCoord.ToBigInteger().Mod(N);

    private static byte[] Bytes(BigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
