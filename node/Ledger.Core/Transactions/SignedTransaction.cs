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

    public SignedTransaction(ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> creatorSignature, IReadOnlyList<Endorsement>? endorsements = null)
    {
        Payload = payload;
        CreatorSignature = creatorSignature;
        Endorsements = endorsements ?? [];
        TxId = Hash32.Compute(payload.Span);
    }

    /// <summary>The payload bytes (a decoded envelope's are a slice of the envelope, not a copy).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public ReadOnlyMemory<byte> CreatorSignature { get; }

    public IReadOnlyList<Endorsement> Endorsements { get; }

    /// <summary>SHA-256 of the payload bytes; signatures are not part of it, so re-signing cannot change it.</summary>
    public Hash32 TxId { get; }

    public byte[] Encode() => Encode(Payload.Span, CreatorSignature.Span, Endorsements);

    /// <summary>The canonical envelope of these parts, written into one array of its exact size.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> creatorSignature, IReadOnlyList<Endorsement> endorsements)
    {
        var size = 1L + 4 + payload.Length + 4 + creatorSignature.Length + 4;
        foreach (var endorsement in endorsements)
        {
            size += 4 + endorsement.Signer.Length + 4 + endorsement.Signature.Length;
        }

        if (size > Array.MaxLength)
        {
            throw new LedgerFormatException($"an envelope of {size} bytes cannot be encoded");
        }

        var bytes = new byte[size];
        var rest = bytes.AsSpan();
        rest[0] = CurrentVersion;
        rest = Put(Put(rest[1..], payload), creatorSignature);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rest, (uint)endorsements.Count);
        rest = rest[4..];
        foreach (var endorsement in endorsements)
        {
            rest = Put(Put(rest, endorsement.Signer), endorsement.Signature);
        }

        return bytes;

        static Span<byte> Put(Span<byte> target, ReadOnlySpan<byte> field)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(target, (uint)field.Length);
            field.CopyTo(target[4..]);
            return target[(4 + field.Length)..];
        }
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

    /// <summary>
    /// Decodes an envelope. Its payload and creator signature are slices of <paramref name="bytes"/>,
    /// which must not change afterwards (envelopes are never written to once encoded).
    /// </summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical envelope.</exception>
    public static SignedTransaction Decode(ReadOnlyMemory<byte> bytes)
    {
        var reader = new CanonicalReader(bytes.Span);
        var version = reader.ReadByte("envelope.version");
        if (version != CurrentVersion)
        {
            throw new LedgerFormatException($"envelope version {version} is not supported (expected {CurrentVersion})");
        }

        var payload = Slice(bytes, ref reader, "envelope.payload", int.MaxValue);
        var signature = Slice(bytes, ref reader, "envelope.signature", MaxSignatureLength);
        var count = reader.ReadCount("envelope.endorsements", MaxEndorsements);
        Endorsement[] endorsements = count == 0 ? [] : new Endorsement[count];
        for (var i = 0; i < count; i++)
        {
            endorsements[i] = new Endorsement(
                reader.ReadBytes("endorsement.signer", TxPayload.MaxCertificateLength),
                reader.ReadBytes("endorsement.signature", MaxSignatureLength));
        }

        reader.EnsureEnd("envelope");
        return new SignedTransaction(payload, signature, endorsements);
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> bytes, ref CanonicalReader reader, string field, int maxLength)
    {
        var length = reader.ReadBytesSpan(field, maxLength).Length;
        return bytes.Slice(reader.Position - length, length);
    }
}
