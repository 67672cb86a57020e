using Ledger.Core.Serialization;
using Ledger.Core.Merkle;
using Ledger.Core.Transactions;

namespace Ledger.Core.Blocks;

/// <summary>
/// A block: its header, every transaction record in order, and, in genesis and configuration
/// blocks only, the consortium configuration bytes the header's config hash commits to.
/// </summary>
public sealed class Block
{
    public const int MaxTransactions = 100_000;

    public Block(BlockHeader header, IReadOnlyList<TxRecord> transactions, byte[]? config = null)
    {
        Header = header;
        Transactions = transactions;
        Config = config ?? [];
    }

    public BlockHeader Header { get; }

    public IReadOnlyList<TxRecord> Transactions { get; }

    public byte[] Config { get; }

    public Hash32 Hash => Header.Hash;

    public ulong Height => Header.Height;

    public static Hash32[] LeafHashes(IReadOnlyList<TxRecord> transactions)
    {
        var leaves = new Hash32[transactions.Count];
        var writer = new CanonicalWriter(4096);
        for (var i = 0; i < leaves.Length; i++)
        {
            // one buffer for every leaf of the block: no allocation per transaction
            writer.Reset();
            transactions[i].WriteTo(writer);
            leaves[i] = MerkleTree.HashLeaf(writer.WrittenSpan);
        }

        return leaves;
    }

    public static Hash32 ComputeTxRoot(IReadOnlyList<TxRecord> transactions) => MerkleTree.Root(LeafHashes(transactions));

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EstimatedSize());
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Writes the canonical block bytes (what <see cref="Encode"/> returns) into <paramref name="writer"/>.</summary>
    public void WriteTo(CanonicalWriter writer)
    {
        writer.WriteBytes(Header.Encode()).WriteBytes(Config).WriteUInt32((uint)Transactions.Count);
        foreach (var tx in Transactions)
        {
            tx.WriteTo(writer);
        }
    }

    /// <summary>An upper bound of the encoded size for ASCII text (a buffer of this size rarely grows).</summary>
    public int EstimatedSize()
    {
        long size = 512 + Config.Length;
        foreach (var tx in Transactions)
        {
            size += 32 + tx.Envelope.Length + tx.ReasonCode.Length + tx.Reason.Length + tx.Result.Length;
            foreach (var e in tx.Events)
            {
                size += 8 + e.Name.Length + e.Payload.Length;
            }
        }

        return (int)Math.Min(size, Array.MaxLength);
    }

    public static Block Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var header = BlockHeader.Decode(reader.ReadBytesSpan("block.header", 4096));
        var config = reader.ReadBytes("block.config");
        var count = reader.ReadCount("block.transactions", MaxTransactions);
        var records = new TxRecord[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = TxRecord.ReadFrom(ref reader);
        }

        reader.EnsureEnd("block");
        return new Block(header, records, config);
    }
}
