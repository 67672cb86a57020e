using Ledger.Core.Blocks;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Blocks;

public sealed class ChainVerifierTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly List<Block> _chain = [];

    public ChainVerifierTests()
    {
        _ledger = new TestLedger(_consortium);
        var manufacturer = _consortium.Transactions("manufacturer");
        var first = manufacturer.Register("SY215C-0001");
        _ledger.Commit(first, manufacturer.Register("SY215C-0002"));
        _ledger.Commit(first, [0xBA, 0xD0]); // a duplicate and garbage, recorded as rejected
        _ledger.Commit();
        _ledger.Commit(manufacturer.Register("SY215C-0003"));
        for (var height = 0UL; height <= _ledger.Ledger.Head!.Height; height++)
        {
            // decoded from the store, as a verifier gets blocks from a node
            _chain.Add(_ledger.Ledger.GetBlock(height)!);
        }
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private static BlockHeader Copy(
        BlockHeader h,
        string? chainId = null,
        ulong? height = null,
        Hash32? previousHash = null,
        Hash32? txRoot = null,
        long? blockTime = null,
        Hash32? configHash = null) =>
        new(h.Version, chainId ?? h.ChainId, height ?? h.Height, previousHash ?? h.PreviousHash, txRoot ?? h.TxRoot, h.TxCount, h.StateRoot, blockTime ?? h.BlockTimeUnixMs, h.Proposer, h.ConfigVersion, configHash ?? h.ConfigHash);

    private ChainVerifier VerifiedUpTo(int lastIndex)
    {
        var verifier = new ChainVerifier();
        for (var i = 0; i <= lastIndex; i++)
        {
            Assert.Null(verifier.Append(_chain[i]));
        }

        return verifier;
    }

    [Fact]
    public void Chain_built_by_the_executor_verifies_end_to_end()
    {
        var verifier = new ChainVerifier();

        foreach (var block in _chain)
        {
            Assert.Null(verifier.Append(block));
        }

        Assert.Equal(5UL, verifier.BlocksVerified);
        Assert.Equal(_ledger.Ledger.Head!.Hash, verifier.Last!.Hash);
    }

    [Fact]
    public void Test_chain_holds_valid_and_rejected_records()
    {
        // guards the tampering tests below: they need blocks with transactions, rejected ones and an empty one
        Assert.Equal([0, 2, 2, 0, 1], _chain.Select(b => b.Transactions.Count));
        Assert.Equal([ValidationCode.DuplicateTransaction, ValidationCode.MalformedTransaction], _chain[2].Transactions.Select(t => t.Code));
        Assert.All(_chain[1].Transactions, t => Assert.Equal(ValidationCode.Valid, t.Code));
    }

    [Fact]
    public void Chain_reread_from_its_encoding_verifies()
    {
        var verifier = new ChainVerifier();

        foreach (var block in _chain)
        {
            Assert.Null(verifier.Append(Block.Decode(block.Encode())));
        }

        Assert.Equal(5UL, verifier.BlocksVerified);
    }

    [Fact]
    public void Block_with_a_wrong_previous_hash_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        var reason = verifier.Append(new Block(Copy(b.Header, previousHash: Hash32.Compute("fork"u8)), b.Transactions));

        Assert.NotNull(reason);
        Assert.Contains("previous hash", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_whose_transactions_do_not_match_its_tx_root_is_reported()
    {
        var verifier = VerifiedUpTo(0);
        var b = _chain[1];
        var original = b.Transactions[1];
        var altered = new TxRecord(original.Envelope, ValidationCode.ContractRejected, "NOT_OWNER", "forged", string.Empty, []);

        var reason = verifier.Append(new Block(b.Header, [b.Transactions[0], altered]));

        Assert.NotNull(reason);
        Assert.Contains("tx root", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_with_a_transaction_removed_or_reordered_is_reported()
    {
        var verifier = VerifiedUpTo(0);
        var b = _chain[1];

        Assert.Contains("holds 1", verifier.Append(new Block(b.Header, [b.Transactions[0]])), StringComparison.Ordinal);
        Assert.Contains("tx root", verifier.Append(new Block(b.Header, [b.Transactions[1], b.Transactions[0]])), StringComparison.Ordinal);
        Assert.Contains("holds 0", verifier.Append(new Block(b.Header, [])), StringComparison.Ordinal);
    }

    [Fact]
    public void Height_gap_is_reported()
    {
        var verifier = VerifiedUpTo(1);

        var reason = verifier.Append(_chain[3]);

        Assert.NotNull(reason);
        Assert.Contains("block 3 follows block 1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_block_twice_is_reported()
    {
        var verifier = VerifiedUpTo(2);

        Assert.NotNull(verifier.Append(_chain[2]));
    }

    [Fact]
    public void Block_time_going_backwards_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];
        var earlier = Copy(b.Header, blockTime: _chain[1].Header.BlockTimeUnixMs - 1);

        var reason = verifier.Append(new Block(earlier, b.Transactions));

        Assert.NotNull(reason);
        Assert.Contains("backwards", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_time_equal_to_the_previous_one_is_accepted()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        Assert.Null(verifier.Append(new Block(Copy(b.Header, blockTime: _chain[1].Header.BlockTimeUnixMs), b.Transactions)));
    }

    [Fact]
    public void Change_of_chain_id_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        var reason = verifier.Append(new Block(Copy(b.Header, chainId: "other-chain"), b.Transactions));

        Assert.NotNull(reason);
        Assert.Contains("chain id", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_of_config_hash_without_a_configuration_block_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        var reason = verifier.Append(new Block(Copy(b.Header, configHash: Hash32.Compute("other config"u8)), b.Transactions));

        Assert.NotNull(reason);
        Assert.Contains("config hash changed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_of_config_version_without_a_configuration_block_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var h = _chain[2].Header;
        var bumped = new BlockHeader(h.Version, h.ChainId, h.Height, h.PreviousHash, h.TxRoot, h.TxCount, h.StateRoot, h.BlockTimeUnixMs, h.Proposer, h.ConfigVersion + 1, h.ConfigHash);

        var reason = verifier.Append(new Block(bumped, _chain[2].Transactions));

        Assert.NotNull(reason);
        Assert.Contains("config version changed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_that_miscounts_its_transactions_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var h = _chain[2].Header;
        var miscounted = new BlockHeader(h.Version, h.ChainId, h.Height, h.PreviousHash, h.TxRoot, h.TxCount + 1, h.StateRoot, h.BlockTimeUnixMs, h.Proposer, h.ConfigVersion, h.ConfigHash);

        Assert.Contains("counts", verifier.Append(new Block(miscounted, _chain[2].Transactions)), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_block_whose_bytes_do_not_match_its_config_hash_is_reported()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        var reason = verifier.Append(new Block(b.Header, b.Transactions, "{\"forged\":true}"u8.ToArray()));

        Assert.NotNull(reason);
        Assert.Contains("configuration bytes do not match", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_that_does_not_start_with_genesis_is_reported()
    {
        Assert.NotNull(new ChainVerifier().Append(_chain[1]));
    }

    [Fact]
    public void Genesis_with_tampered_configuration_is_reported()
    {
        var genesis = _chain[0];
        var config = (byte[])genesis.Config.Clone();
        config[^2] ^= 0x01;

        var reason = new ChainVerifier().Append(new Block(genesis.Header, [], config));

        Assert.NotNull(reason);
        Assert.Contains("config hash", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Genesis_with_a_wrong_tx_root_is_reported()
    {
        var genesis = _chain[0];

        var reason = new ChainVerifier().Append(new Block(Copy(genesis.Header, txRoot: Hash32.Compute("x"u8)), [], genesis.Config));

        Assert.NotNull(reason);
        Assert.Contains("tx root", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_block_leaves_the_verifier_where_it_was()
    {
        var verifier = VerifiedUpTo(1);
        var b = _chain[2];

        Assert.NotNull(verifier.Append(new Block(Copy(b.Header, previousHash: Hash32.Zero), b.Transactions)));

        Assert.Equal(2UL, verifier.BlocksVerified);
        Assert.Equal(_chain[1].Hash, verifier.Last!.Hash);
        Assert.Null(verifier.Append(b));
        Assert.Equal(3UL, verifier.BlocksVerified);
    }

    [Fact]
    public void Tampered_block_breaks_the_link_of_the_next_one()
    {
        // rewriting a block's state root keeps its own checks happy but changes its hash
        var verifier = VerifiedUpTo(0);
        var b = _chain[1];
        var h = b.Header;
        var rewritten = new BlockHeader(h.Version, h.ChainId, h.Height, h.PreviousHash, h.TxRoot, h.TxCount, Hash32.Compute("forged state"u8), h.BlockTimeUnixMs, h.Proposer, h.ConfigVersion, h.ConfigHash);

        Assert.Null(verifier.Append(new Block(rewritten, b.Transactions)));
        var reason = verifier.Append(_chain[2]);

        Assert.NotNull(reason);
        Assert.Contains("previous hash", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Genesis_whose_configuration_has_a_null_org_is_reported_not_thrown()
    {
        var genesis = _chain[0];
        var h = genesis.Header;
        var config = System.Text.Encoding.UTF8.GetBytes($$$"""{"chainId":"{{{h.ChainId}}}","version":{{{h.ConfigVersion}}},"orgs":[null],"limits":{"maxTransactionBytes":2048}}""");
        var header = new BlockHeader(h.Version, h.ChainId, 0, Hash32.Zero, h.TxRoot, h.TxCount, h.StateRoot, h.BlockTimeUnixMs, h.Proposer, h.ConfigVersion, Hash32.Compute(config));

        string? reason = null;
        var e = Record.Exception(() => reason = new ChainVerifier().Append(new Block(header, [], config)));

        Assert.Null(e);
        Assert.NotNull(reason);
    }
}
