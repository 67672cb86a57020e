using Ledger.Core.Serialization;

namespace Ledger.Core.Transactions;

/// <summary>
/// The envelope that travels and is stored: the exact payload bytes, the creator's signature over
/// them, and any endorsements. Its canonical encoding is what a block records.
/// </summary>
public sealed class SignedTransaction
{
    public const byte CurrentVersion = 1;
    public const int MaxSignatureLength = 132;
    public const int MaxEndorsements = 16;

    public SignedTransaction(byte[] payload, byte[] creatorSignature, IReadOnlyList<Endorsement>? endorsements = null)
    {
        Payload = payload;
        CreatorSignature = creatorSignature;
        Endorsements = endorsements ?? [];
        TxId = Hash32.Compute(payload);
    }

    public byte[] Payload { get; }

    public byte[] CreatorSignature { get; }

    public IReadOnlyList<Endorsement> Endorsements { get; }

    /// <summary>SHA-256 of the payload bytes; signatures are not part of it, so re-signing cannot change it.</summary>
    public Hash32 TxId { get; }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(Payload.Length + 96);
        writer.WriteByte(CurrentVersion).WriteBytes(Payload).WriteBytes(CreatorSignature);
        writer.WriteUInt32((uint)Endorsements.Count);
        foreach (var endorsement in Endorsements)
        {
            writer.WriteBytes(endorsement.Signer).WriteBytes(endorsement.Signature);
        }

        return writer.ToArray();
    }

    /// <summary>
    /// The txId of encoded envelope bytes without decoding the rest: SHA-256 of the payload field,
    /// or of the whole input when it does not even hold one.
    /// </summary>
    public static Hash32 ComputeTxId(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length >= 5 && envelope[0] == CurrentVersion)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(envelope[1..]);
            if (length <= (uint)(envelope.Length - 5))
            {
                return Hash32.Compute(envelope.Slice(5, (int)length));
            }
        }

        return Hash32.Compute(envelope);
    }

    /// <exception cref="LedgerFormatException">The bytes are not a canonical envelope.</exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadByte("envelope.version");
        if (version != CurrentVersion)
        {
            throw new LedgerFormatException($"envelope version {version} is not supported (expected {CurrentVersion})");
        }

        var payload = reader.ReadBytes("envelope.payload");
        var signature = reader.ReadBytes("envelope.signature", MaxSignatureLength);
        var count = reader.ReadCount("envelope.endorsements", MaxEndorsements);
        var endorsements = new Endorsement[count];
        for (var i = 0; i < count; i++)
        {
            endorsements[i] = new Endorsement(
                reader.ReadBytes("endorsement.signer", TxPayload.MaxCertificateLength),
                reader.ReadBytes("endorsement.signature", MaxSignatureLength));
        }

        reader.EnsureEnd("envelope");
        return new SignedTransaction(payload, signature, endorsements);
    }
}
