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
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = MerkleTree.HashLeaf(transactions[i].LeafData());
        }

        return leaves;
    }

    public static Hash32 ComputeTxRoot(IReadOnlyList<TxRecord> transactions) => MerkleTree.Root(LeafHashes(transactions));

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(1024);
        writer.WriteBytes(Header.Encode()).WriteBytes(Config).WriteUInt32((uint)Transactions.Count);
        foreach (var tx in Transactions)
        {
            tx.WriteTo(writer);
        }

        return writer.ToArray();
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
