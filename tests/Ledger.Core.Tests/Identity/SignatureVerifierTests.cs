using Ledger.Core.Identity;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Identity;

/// <summary>Verification through reused OpenSSL verify contexts (or ECDsa): no key gets a table.</summary>
public sealed class SignatureVerifierTests() : SignatureVerifierContract(tableAfter: -1);

/// <summary>
/// The same cases where every key gets a table of precomputed multiples on its first use, so every
/// answer comes from <see cref="SignatureVerifier.HasFixedBaseTables"/>' path where it is on.
/// </summary>
public sealed class FixedBaseSignatureVerifierTests() : SignatureVerifierContract(tableAfter: 1)
{
    [Fact]
    public void On_linux_keys_get_tables_and_elsewhere_not()
    {
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DOTNET_OPENSSL_VERSION_OVERRIDE") is null;
        Assert.Equal(expected, SignatureVerifier.HasFixedBaseTables);
    }

    [Fact]
    public void A_key_gets_its_table_on_the_use_that_reaches_the_threshold_and_answers_stay_the_same()
    {
        var table = SignatureVerifier.HasFixedBaseTables ? 1 : 0;
        using var verifier = new SignatureVerifier(tableAfter: 3, buildInBackground: false);
        var signature = Alice.Sign(Data);
        var bad = (byte[])signature.Clone();
        bad[40] ^= 2;

        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
        Assert.False(verifier.Verify(Alice.Certificate.PublicKey, Digest, bad));
        Assert.Equal(0, verifier.TableCount);
        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
        Assert.Equal(table, verifier.TableCount);
        Assert.False(verifier.Verify(Alice.Certificate.PublicKey, Digest, bad));
        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
        Assert.Equal(table, verifier.TableCount);
    }

    [Fact]
    public void A_table_built_in_the_background_takes_over_once_ready_and_answers_stay_the_same()
    {
        using var verifier = new SignatureVerifier(tableAfter: 1);
        var signature = Alice.Sign(Data);
        var bad = (byte[])signature.Clone();
        bad[7] ^= 4;

        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
        // a bounded wait for the build (30–40 ms on this machine), not a timing assertion
        var expected = SignatureVerifier.HasFixedBaseTables ? 1 : 0;
        Assert.True(SpinWait.SpinUntil(() => verifier.TableCount == expected, TimeSpan.FromSeconds(60)), "the table was not built");
        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
        Assert.False(verifier.Verify(Alice.Certificate.PublicKey, Digest, bad));
        Assert.Equal(expected, verifier.TableCount);
    }

    [Fact]
    public void A_disposed_verifier_refuses_to_verify()
    {
        var verifier = new SignatureVerifier(tableAfter: 1, buildInBackground: false);
        var signature = Alice.Sign(Data);
        Assert.True(verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));

        verifier.Dispose();

        Assert.Throws<ObjectDisposedException>(() => verifier.Verify(Alice.Certificate.PublicKey, Digest, signature));
    }

    [Fact]
    public void At_most_max_tables_keys_get_one_and_the_others_still_verify()
    {
        using var verifier = new SignatureVerifier(tableAfter: 1, buildInBackground: false);
        var keys = Enumerable.Range(0, SignatureVerifier.MaxTables + 2)
            .Select(_ => System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            .ToArray();
        try
        {
            foreach (var key in keys)
            {
                var q = key.ExportParameters(false).Q;
                byte[] publicKey = [.. q.X!, .. q.Y!];
                var signature = key.SignHash(Digest, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                Assert.True(verifier.Verify(publicKey, Digest, signature));
                Assert.False(verifier.Verify(publicKey, Digest, Alice.Sign(Data)));
            }

            Assert.Equal(SignatureVerifier.HasFixedBaseTables ? SignatureVerifier.MaxTables : 0, verifier.TableCount);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }
}

public abstract class SignatureVerifierContract : IDisposable
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("operator", "operator", NotBefore, NotBefore.AddYears(10));
    private readonly SigningIdentity _alice;
    private readonly SigningIdentity _bob;
    private readonly SignatureVerifier _verifier;
    private readonly byte[] _data = "the exact payload bytes"u8.ToArray();

    protected SignatureVerifierContract(int tableAfter)
    {
        _verifier = new SignatureVerifier(tableAfter, buildInBackground: false);
        _alice = _ca.Issue("alice", "client", NotBefore, NotBefore.AddYears(5));
        _bob = _ca.Issue("bob", "client", NotBefore, NotBefore.AddYears(5));
    }

    protected byte[] Digest => Hash32.Compute(_data).ToArray();

    protected byte[] Data => _data;

    protected SigningIdentity Alice => _alice;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _verifier.Dispose();
            _alice.Dispose();
            _bob.Dispose();
            _ca.Dispose();
        }
    }

    [Fact]
    public void Signature_verifies_over_the_sha256_digest_of_the_data()
    {
        var signature = _alice.Sign(_data);

        Assert.Equal(64, signature.Length);
        Assert.True(_verifier.Verify(_alice.Certificate.PublicKey, Digest, signature));
    }

    [Fact]
    public void Transaction_signature_verifies_over_the_tx_id()
    {
        using var consortium = new TestConsortium();
        var factory = consortium.Transactions("manufacturer");
        var envelope = SignedTransaction.Decode(factory.Register("PIN-1"));

        Assert.True(_verifier.Verify(factory.Identity.Certificate.PublicKey, envelope.TxId.ToArray(), envelope.CreatorSignature.Span));
    }

    [Fact]
    public void Signature_is_not_over_the_raw_data()
    {
        var signature = _alice.Sign(Digest);

        // signing hashes its input: a signature of the digest is not one of the data
        Assert.False(_verifier.Verify(_alice.Certificate.PublicKey, Digest, signature));
    }

    [Fact]
    public void Flipping_any_bit_of_the_signature_fails()
    {
        var signature = _alice.Sign(_data);

        for (var bit = 0; bit < signature.Length * 8; bit += 3)
        {
            var tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_verifier.Verify(_alice.Certificate.PublicKey, Digest, tampered), $"bit {bit}");
        }
    }

    [Fact]
    public void Flipping_any_bit_of_the_digest_fails()
    {
        var signature = _alice.Sign(_data);

        for (var bit = 0; bit < 256; bit += 5)
        {
            var digest = Digest;
            digest[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_verifier.Verify(_alice.Certificate.PublicKey, digest, signature), $"bit {bit}");
        }
    }

    [Fact]
    public void Flipping_a_bit_of_the_public_key_fails_without_throwing()
    {
        var signature = _alice.Sign(_data);

        foreach (var bit in new[] { 0, 7, 255, 256, 300, 511 })
        {
            var key = (byte[])_alice.Certificate.PublicKey.Clone();
            key[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_verifier.Verify(key, Digest, signature), $"bit {bit}");
        }
    }

    [Fact]
    public void Another_members_key_does_not_verify()
    {
        var signature = _alice.Sign(_data);

        Assert.False(_verifier.Verify(_bob.Certificate.PublicKey, Digest, signature));
        Assert.True(_verifier.Verify(_alice.Certificate.PublicKey, Digest, signature));
    }

    [Fact]
    public void A_key_that_is_not_a_curve_point_is_refused()
    {
        var signature = _alice.Sign(_data);

        Assert.False(_verifier.Verify(new byte[64], Digest, signature));
        Assert.False(_verifier.Verify(Enumerable.Repeat((byte)0xFF, 64).ToArray(), Digest, signature));
    }

    [Theory]
    [InlineData(63, 32, 64)]
    [InlineData(65, 32, 64)]
    [InlineData(0, 32, 64)]
    [InlineData(64, 31, 64)]
    [InlineData(64, 33, 64)]
    [InlineData(64, 0, 64)]
    [InlineData(64, 32, 63)]
    [InlineData(64, 32, 65)]
    [InlineData(64, 32, 72)]
    [InlineData(64, 32, 0)]
    public void Inputs_of_the_wrong_length_return_false(int keyLength, int digestLength, int signatureLength)
    {
        var key = _alice.Certificate.PublicKey;
        var signature = _alice.Sign(_data);
        var digest = Digest;

        static byte[] Resize(byte[] source, int length)
        {
            var result = new byte[length];
            source.AsSpan(0, Math.Min(length, source.Length)).CopyTo(result);
            return result;
        }

        Assert.False(_verifier.Verify(Resize(key, keyLength), Resize(digest, digestLength), Resize(signature, signatureLength)));
    }

    [Fact]
    public void Der_encoded_signature_is_refused()
    {
        var der = _alice.Key.SignData(_data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);

        Assert.False(_verifier.Verify(_alice.Certificate.PublicKey, Digest, der));
    }

    [Fact]
    public void Verification_gives_the_same_answers_from_many_threads()
    {
        var aliceSignature = _alice.Sign(_data);
        var bobSignature = _bob.Sign(_data);
        var digest = Digest;

        var results = Enumerable.Range(0, 400).AsParallel().Select(i => i % 2 == 0
            ? _verifier.Verify(_alice.Certificate.PublicKey, digest, aliceSignature) && !_verifier.Verify(_alice.Certificate.PublicKey, digest, bobSignature)
            : _verifier.Verify(_bob.Certificate.PublicKey, digest, bobSignature) && !_verifier.Verify(_bob.Certificate.PublicKey, digest, aliceSignature)).ToArray();

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void On_linux_verification_goes_straight_through_openssl_and_elsewhere_through_ecdsa()
    {
        // the faster path must not silently fall away where it should be in use
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DOTNET_OPENSSL_VERSION_OVERRIDE") is null;
        Assert.Equal(expected, SignatureVerifier.IsDirectOpenSsl);
    }

    [Fact]
    public void Every_answer_is_the_one_dotnets_ecdsa_gives_edge_values_included()
    {
        using var reference = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new System.Security.Cryptography.ECPoint { X = _alice.Certificate.PublicKey[..32], Y = _alice.Certificate.PublicKey[32..] },
        });
        var order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        var digest = Digest;
        var cases = new List<byte[]>();
        var leadingZeroR = false;
        var leadingZeroS = false;
        for (var i = 0; i < 4000 && (cases.Count < 60 || !leadingZeroR || !leadingZeroS); i++)
        {
            var signature = _alice.Sign(_data);
            var interesting = (signature[0] == 0 && !leadingZeroR) || (signature[32] == 0 && !leadingZeroS);
            leadingZeroR |= signature[0] == 0;
            leadingZeroS |= signature[32] == 0;
            if (cases.Count < 60 || interesting)
            {
                cases.Add(signature);
                cases.Add(Tamper(signature, i % 64));
                cases.Add([.. signature[..32], .. Subtract(order, signature[32..])]); // the high-S twin: also valid
            }
        }

        Assert.True(leadingZeroR && leadingZeroS, "no signature with a leading zero byte in r and in s was made");
        byte[] one = [.. new byte[31], 1];
        byte[] orderMinusOne = Subtract(order, one);
        cases.AddRange([[.. new byte[32], .. one], [.. one, .. new byte[32]], [.. order, .. one], [.. one, .. order], [.. orderMinusOne, .. orderMinusOne], [.. one, .. one]]);

        foreach (var signature in cases)
        {
            var expected = reference.VerifyHash(digest, signature, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Assert.Equal(expected, _verifier.Verify(_alice.Certificate.PublicKey, digest, signature));
        }

        Assert.Contains(cases, c => _verifier.Verify(_alice.Certificate.PublicKey, digest, c));
        Assert.Contains(cases, c => !_verifier.Verify(_alice.Certificate.PublicKey, digest, c));

        static byte[] Tamper(byte[] signature, int index)
        {
            var copy = (byte[])signature.Clone();
            copy[index] ^= 0x40;
            return copy;
        }
    }

    [Fact]
    public void A_failed_verification_leaves_the_next_ones_right()
    {
        // OpenSSL queues an error per failure on the thread: it must not leak into later answers
        var signature = _alice.Sign(_data);
        var bad = (byte[])signature.Clone();
        bad[5] ^= 1;
        for (var i = 0; i < 200; i++)
        {
            Assert.False(_verifier.Verify(_alice.Certificate.PublicKey, Digest, bad));
            Assert.False(_verifier.Verify(new byte[64], Digest, signature));
            Assert.True(_verifier.Verify(_alice.Certificate.PublicKey, Digest, signature));
        }
    }

    [Fact]
    public void Keys_that_are_not_points_of_the_curve_are_refused_as_dotnet_refuses_them()
    {
        var signature = _alice.Sign(_data);
        var digest = Digest;
        var p = Convert.FromHexString("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
        var x = _alice.Certificate.PublicKey[..32];
        var y = _alice.Certificate.PublicKey[32..];
        var random = new Random(5);
        List<byte[]> keys =
        [
            _alice.Certificate.PublicKey,
            [.. p, .. y], // x = p: not a field element
            [.. x, .. p],
            [.. x, .. Subtract(p, y)], // the point's negation: on the curve, another key
            [.. x, .. y[..31], (byte)(y[31] ^ 1)],
        ];
        for (var i = 0; i < 20; i++)
        {
            var key = new byte[64];
            random.NextBytes(key);
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            bool expected;
            try
            {
                using var reference = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
                {
                    Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
                    Q = new System.Security.Cryptography.ECPoint { X = key[..32], Y = key[32..] },
                });
                expected = reference.VerifyHash(digest, signature, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                expected = false;
            }

            Assert.Equal(expected, _verifier.Verify(key, digest, signature));
        }

        Assert.True(_verifier.Verify(keys[0], digest, signature));
    }

    /// <summary>a − b for 32-byte big-endian numbers with a ≥ b.</summary>
    private static byte[] Subtract(byte[] a, byte[] b)
    {
        var result = new byte[32];
        var borrow = 0;
        for (var i = 31; i >= 0; i--)
        {
            var d = a[i] - b[i] - borrow;
            borrow = d < 0 ? 1 : 0;
            result[i] = (byte)(d + (borrow << 8));
        }

        return result;
    }
}
