using Ledger.Core.Blocks;
using Ledger.Core.Serialization;

namespace Ledger.Consensus.Raft;

/// <summary>
/// One Raft log entry: the leader's cut of the next block (its block time, the proposer, the
/// transactions in order). Every node executes it into the same block; nothing else the leader
/// decides is trusted (signatures and permissions are checked again on every node).
/// </summary>
public sealed record BlockProposal(long BlockTimeUnixMs, string Proposer, IReadOnlyList<byte[]> Envelopes)
{
    private const byte Version = 1;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + Envelopes.Sum(e => e.Length + 4));
        writer.WriteByte(Version).WriteInt64(BlockTimeUnixMs).WriteString(Proposer).WriteUInt32((uint)Envelopes.Count);
        foreach (var envelope in Envelopes)
        {
            writer.WriteBytes(envelope);
        }

        return writer.ToArray();
    }

    /// <exception cref="LedgerFormatException">Not a proposal.</exception>
    public static BlockProposal Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadByte("proposal.version");
        if (version != Version)
        {
            throw new LedgerFormatException($"proposal version {version} is not {Version}");
        }

        var time = reader.ReadInt64("proposal.blockTime");
        var proposer = reader.ReadString("proposal.proposer", 256);
        var count = reader.ReadCount("proposal.transactions", Block.MaxTransactions);
        var envelopes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            envelopes[i] = reader.ReadBytes("proposal.transaction");
        }

        reader.EnsureEnd("proposal");
        return new BlockProposal(time, proposer, envelopes);
    }
}
