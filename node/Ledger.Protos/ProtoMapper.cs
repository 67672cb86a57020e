using Google.Protobuf;
using Ledger.Core;
using Ledger.Core.Identity;
using Ledger.Core.Serialization;
using Ledger.Core.Transactions;
using ContractEvent = Ledger.Protos.V1.ContractEvent;
using Ledger.Protos.V1;
using CoreBlock = Ledger.Core.Blocks.Block;
using CoreHeader = Ledger.Core.Blocks.BlockHeader;

namespace Ledger.Protos;

/// <summary>Converts the core model into wire messages (the node serves them; clients rebuild them from verified bytes).</summary>
public static class ProtoMapper
{
    public static ByteString Bytes(Hash32 hash) => ByteString.CopyFrom(hash.ToArray());

    public static BlockHeader ToProto(CoreHeader h) => new()
    {
        Version = h.Version,
        ChainId = h.ChainId,
        Height = h.Height,
        PreviousHash = Bytes(h.PreviousHash),
        TxRoot = Bytes(h.TxRoot),
        TxCount = h.TxCount,
        StateRoot = Bytes(h.StateRoot),
        BlockTimeUnixMs = h.BlockTimeUnixMs,
        Proposer = h.Proposer,
        ConfigVersion = h.ConfigVersion,
        ConfigHash = Bytes(h.ConfigHash),
        Hash = Bytes(h.Hash),
        Encoded = ByteString.CopyFrom(h.Encode()),
    };

    /// <summary>The attestations held for a block, and its certificate's orgs when it has one.</summary>
    public static CommitCertificate ToProto(ulong height, Hash32 blockHash, IReadOnlyList<Core.Blocks.Attestation> attestations, IReadOnlyList<string>? certifiedOrgs, int quorum)
    {
        var message = new CommitCertificate { Height = height, BlockHash = Bytes(blockHash), Certified = certifiedOrgs is not null, Quorum = (uint)Math.Max(0, quorum) };
        foreach (var a in attestations)
        {
            message.Attestations.Add(new Attestation
            {
                Certificate = ByteString.CopyFrom(a.Certificate),
                Signature = ByteString.CopyFrom(a.Signature),
                Org = Core.Consortium.CommitCertificate.OrgOf(a.Certificate) ?? string.Empty,
            });
        }

        message.Orgs.AddRange(certifiedOrgs ?? []);
        return message;
    }

    /// <summary>The core attestations a served certificate carries (judged by the caller, not trusted).</summary>
    public static IReadOnlyList<Core.Blocks.Attestation> FromProto(CommitCertificate? certificate) =>
        certificate is null ? [] : certificate.Attestations.Select(a => new Core.Blocks.Attestation(a.Certificate.ToByteArray(), a.Signature.ToByteArray())).ToArray();

    public static Block ToProto(CoreBlock block, byte[]? encoded = null)
    {
        var message = new Block
        {
            Header = ToProto(block.Header),
            Config = ByteString.CopyFrom(block.Config),
            Encoded = ByteString.CopyFrom(encoded ?? block.Encode()),
        };
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            message.Transactions.Add(ToProto(block.Transactions[i], i));
        }

        return message;
    }

    public static TransactionRecord ToProto(TxRecord record, int index)
    {
        var message = new TransactionRecord
        {
            TxId = record.TxId.ToHex(),
            Envelope = ByteString.CopyFrom(record.Envelope),
            ValidationCode = record.Code.ToString(),
            ReasonCode = record.ReasonCode,
            Reason = record.Reason,
            ResultJson = record.Result,
            Index = (uint)index,
        };
        foreach (var e in record.Events)
        {
            message.Events.Add(new ContractEvent { Name = e.Name, PayloadJson = e.Payload });
        }

        try
        {
            var payload = TxPayload.Decode(Core.Transactions.SignedTransaction.Decode(record.Envelope).Payload.Span);
            message.Contract = payload.Contract;
            message.Function = payload.Function;
            message.ArgumentsJson = payload.Arguments;
            var creator = MemberCertificate.Parse(payload.Creator);
            message.CreatorOrg = creator.Org;
            message.CreatorName = creator.Name;
        }
        catch (Exception e) when (e is LedgerFormatException or System.Security.Cryptography.CryptographicException)
        {
            // a malformed transaction is recorded as it came; it has no fields to show
        }

        return message;
    }
}
