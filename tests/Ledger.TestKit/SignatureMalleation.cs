using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;

namespace Ledger.TestKit;

/// <summary>
/// Re-encodes a certificate's ECDSA signature (r, s) as (r, n - s): still a valid signature of the
/// CA over the same to-be-signed bytes, made without the CA's key, but different DER.
/// </summary>
public static class SignatureMalleation
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static byte[] Malleate(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue().ToArray();
        var algorithm = outer.ReadEncodedValue().ToArray();
        var signature = new AsnReader(outer.ReadBitString(out _), AsnEncodingRules.DER).ReadSequence();
        var r = signature.ReadInteger();
        var s = signature.ReadInteger();
        var inner = new AsnWriter(AsnEncodingRules.DER);
        using (inner.PushSequence())
        {
            inner.WriteInteger(r);
            inner.WriteInteger(N - s);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(algorithm);
            writer.WriteBitString(inner.Encode());
        }

        return writer.Encode();
    }
}
