using System.Runtime.CompilerServices;
using Ledger.Core.Serialization;

namespace Ledger.Core.Transactions;

/// <summary>
/// One transaction as a block records it: the envelope bytes exactly as submitted and the outcome
/// of executing it. Every field is deterministic, so all of it is hashed into the tx leaf.
/// </summary>
/// <param name="Envelope">Canonical <see cref="SignedTransaction"/> bytes (or the raw bytes when they do not decode).</param>
/// <param name="Code">Validation code.</param>
/// <param name="ReasonCode">Machine-readable reason of a rejection (e.g. <c>NOT_OWNER</c>); empty when valid.</param>
/// <param name="Reason">Human-readable explanation; empty when valid.</param>
/// <param name="Result">JSON the contract returned for a valid transaction; empty otherwise.</param>
/// <param name="Events">Events emitted by a valid transaction.</param>
public sealed record TxRecord(
    byte[] Envelope,
    ValidationCode Code,
    string ReasonCode,
    string Reason,
    string Result,
    IReadOnlyList<ContractEvent> Events)
{
    public const int MaxEvents = 1024;

    /// <summary>The txId: SHA-256 of the payload inside the envelope (see <see cref="SignedTransaction.ComputeTxId"/>).</summary>
    public Hash32 TxId => (_txId ??= new StrongBox<Hash32>(SignedTransaction.ComputeTxId(Envelope))).Value;

    // Cached in a box so that reading it is atomic; the copy constructor below does not copy it,
    // so a copy made with `with { Envelope = … }` computes its own.
    private StrongBox<Hash32>? _txId;

    private TxRecord(TxRecord original)
    {
        Envelope = original.Envelope;
        Code = original.Code;
        ReasonCode = original.ReasonCode;
        Reason = original.Reason;
        Result = original.Result;
        Events = original.Events;
    }

    /// <summary>Equal when every recorded field is equal (the envelope and events by content).</summary>
    public bool Equals(TxRecord? other) =>
        other is not null &&
        Envelope.AsSpan().SequenceEqual(other.Envelope) &&
        Code == other.Code &&
        string.Equals(ReasonCode, other.ReasonCode, StringComparison.Ordinal) &&
        string.Equals(Reason, other.Reason, StringComparison.Ordinal) &&
        string.Equals(Result, other.Result, StringComparison.Ordinal) &&
        Events.SequenceEqual(other.Events);

    public override int GetHashCode() => HashCode.Combine(Envelope.Length, Code, ReasonCode, Events.Count);

    public void WriteTo(CanonicalWriter writer)
    {
        writer.WriteBytes(Envelope).WriteUInt16((ushort)Code).WriteString(ReasonCode).WriteString(Reason).WriteString(Result);
        writer.WriteUInt32((uint)Events.Count);
        foreach (var e in Events)
        {
            writer.WriteString(e.Name).WriteString(e.Payload);
        }
    }

    /// <summary>The data of this record's RFC 6962 leaf: its canonical encoding.</summary>
    public byte[] LeafData()
    {
        var writer = new CanonicalWriter(Envelope.Length + 64);
        WriteTo(writer);
        return writer.ToArray();
    }

    public static TxRecord ReadFrom(ref CanonicalReader reader)
    {
        var envelope = reader.ReadBytes("tx.envelope");
        var code = reader.ReadUInt16("tx.code");
        if (!Enum.IsDefined((ValidationCode)code))
        {
            throw new LedgerFormatException($"unknown validation code {code}");
        }

        var reasonCode = reader.ReadString("tx.reasonCode");
        var reason = reader.ReadString("tx.reason");
        var result = reader.ReadString("tx.result");
        var count = reader.ReadCount("tx.events", MaxEvents);
        var events = new ContractEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new ContractEvent(reader.ReadString("event.name"), reader.ReadString("event.payload"));
        }

        return new TxRecord(envelope, (ValidationCode)code, reasonCode, reason, result, events);
    }

    public static TxRecord Decode(ReadOnlySpan<byte> leafData)
    {
        var reader = new CanonicalReader(leafData);
        var record = ReadFrom(ref reader);
        reader.EnsureEnd("tx record");
        return record;
    }
}
