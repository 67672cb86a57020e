using Ledger.Core.Blocks;
using Ledger.Core.Merkle;
using Ledger.Core.Serialization;
using Ledger.Core.Tests.Support;
using Ledger.Core.Transactions;

namespace Ledger.Core.Tests.Blocks;

public sealed class BlockTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Encode_then_decode_gives_the_same_block_and_the_same_bytes(int transactions)
    {
        var block = Samples.BlockOf(transactions);
        var bytes = block.Encode();

        var decoded = Block.Decode(bytes);

        Assert.Equal(block.Header, decoded.Header);
        Assert.Equal(block.Hash, decoded.Hash);
        Assert.Equal(block.Height, decoded.Height);
        Assert.Equal(transactions, decoded.Transactions.Count);
        Assert.Equal(block.Transactions.Select(t => t.LeafData()), decoded.Transactions.Select(t => t.LeafData()));
        Assert.Empty(decoded.Config);
        Assert.Equal(bytes, decoded.Encode());
    }

    [Fact]
    public void Configuration_bytes_round_trip()
    {
        var block = Samples.BlockOf(1, config: "{\"config\":true}"u8.ToArray());

        var decoded = Block.Decode(block.Encode());

        Assert.Equal(block.Config, decoded.Config);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        Samples.AssertEveryTruncationIsRejected(Samples.BlockOf(2, config: [1, 2, 3]).Encode(), b => Block.Decode(b));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var bytes = Samples.Append(Samples.BlockOf(2).Encode(), 0);

        Assert.Throws<LedgerFormatException>(() => Block.Decode(bytes));
    }

    [Fact]
    public void Block_whose_header_has_another_version_is_rejected()
    {
        var block = new Block(Samples.Header(version: BlockHeader.CurrentVersion + 1), []);

        Assert.Throws<LedgerFormatException>(() => Block.Decode(block.Encode()));
    }

    [Fact]
    public void Header_with_trailing_bytes_inside_the_block_is_rejected()
    {
        var bytes = new CanonicalWriter()
            .WriteBytes([.. Samples.Header().Encode(), 0])
            .WriteBytes([])
            .WriteUInt32(0)
            .ToArray();

        Assert.Throws<LedgerFormatException>(() => Block.Decode(bytes));
    }

    [Fact]
    public void Transaction_count_above_the_maximum_is_rejected_before_reading_them()
    {
        var bytes = new CanonicalWriter()
            .WriteBytes(Samples.Header().Encode())
            .WriteBytes([])
            .WriteUInt32(Block.MaxTransactions + 1)
            .ToArray();

        var e = Assert.Throws<LedgerFormatException>(() => Block.Decode(bytes));
        Assert.Contains("block.transactions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tx_root_is_the_rfc_6962_root_over_the_records_leaf_data()
    {
        var records = Samples.BlockOf(5).Transactions;

        var expected = MerkleTree.Root(records.Select(r => MerkleTree.HashLeaf(r.LeafData())).ToArray());

        Assert.Equal(expected, Block.ComputeTxRoot(records));
        Assert.Equal(records.Select(r => MerkleTree.HashLeaf(r.LeafData())), Block.LeafHashes(records));
    }

    [Fact]
    public void Tx_root_of_no_transactions_is_the_empty_tree_root()
    {
        Assert.Equal(MerkleTree.EmptyRoot, Block.ComputeTxRoot([]));
    }

    [Fact]
    public void Tx_root_commits_to_the_validation_code()
    {
        var valid = Samples.Tx(ValidationCode.Valid);
        var rejected = new TxRecord(valid.Envelope, ValidationCode.ContractRejected, valid.ReasonCode, valid.Reason, valid.Result, valid.Events);

        Assert.NotEqual(Block.ComputeTxRoot([valid]), Block.ComputeTxRoot([rejected]));
    }

    [Fact]
    public void Inclusion_proof_of_a_recorded_transaction_verifies_against_the_header_tx_root()
    {
        var block = Samples.BlockOf(5);
        var leaves = Block.LeafHashes(block.Transactions);

        for (var i = 0; i < leaves.Length; i++)
        {
            var path = MerkleTree.InclusionPath(leaves, i);
            Assert.True(MerkleTree.VerifyInclusion(MerkleTree.HashLeaf(block.Transactions[i].LeafData()), (ulong)i, (ulong)leaves.Length, path, block.Header.TxRoot));
        }
    }
}
