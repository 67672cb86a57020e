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

    /// <summary>
    /// Re-encodes the serial number's length inside the to-be-signed part in long form (BER, not
    /// DER): the same signed content in other bytes, made without the CA's key.
    /// </summary>
    public static byte[] BerSerial(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue().ToArray();
        var rest = outer.ReadEncodedValue().ToArray().Concat(outer.ReadEncodedValue().ToArray()).ToArray();
        var content = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        var version = content.ReadEncodedValue().ToArray();
        var serial = content.ReadEncodedValue().ToArray();
        var tail = new List<byte>();
        while (content.HasData)
        {
            tail.AddRange(content.ReadEncodedValue().ToArray());
        }

        // 02 LL V  ->  02 81 LL V
        byte[] longSerial = [serial[0], 0x81, serial[1], .. serial[2..]];
        var newTbs = Wrap(0x30, [.. version, .. longSerial, .. tail]);
        return Wrap(0x30, [.. newTbs, .. rest]);
    }

    private static byte[] Wrap(byte tag, byte[] content)
    {
        byte[] length = content.Length < 0x80 ? [(byte)content.Length]
            : content.Length < 0x100 ? [0x81, (byte)content.Length]
            : [0x82, (byte)(content.Length >> 8), (byte)content.Length];
        return [tag, .. length, .. content];
    }
}
