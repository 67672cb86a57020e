using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Merkle;
using Ledger.Core.Tests.Support;
using Ledger.TestKit;

namespace Ledger.Core.Tests.Blocks;

public sealed class GenesisTests : IDisposable
{
    private static readonly long Time = TestConsortium.Epoch.ToUnixTimeMilliseconds();

    private readonly TestConsortium _consortium = new("genesis-chain");

    public void Dispose() => _consortium.Dispose();

    private static Block WithHeader(Block block, BlockHeader header) => new(header, block.Transactions, block.Config);

    private static BlockHeader Header(BlockHeader h, ulong? height = null, Hash32? previousHash = null, string? chainId = null, ulong? configVersion = null, Hash32? configHash = null) =>
        new(h.Version, chainId ?? h.ChainId, height ?? h.Height, previousHash ?? h.PreviousHash, h.TxRoot, h.TxCount, h.StateRoot, h.BlockTimeUnixMs, h.Proposer, configVersion ?? h.ConfigVersion, configHash ?? h.ConfigHash);

    [Fact]
    public void Genesis_header_commits_to_the_configuration_bytes()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);
        var h = genesis.Header;

        Assert.Equal(BlockHeader.CurrentVersion, h.Version);
        Assert.Equal("genesis-chain", h.ChainId);
        Assert.Equal(0UL, h.Height);
        Assert.True(h.PreviousHash.IsZero);
        Assert.Equal(MerkleTree.EmptyRoot, h.TxRoot);
        Assert.True(h.StateRoot.IsZero);
        Assert.Equal(Time, h.BlockTimeUnixMs);
        Assert.Equal(Genesis.Proposer, h.Proposer);
        Assert.Equal(_consortium.Config.Version, h.ConfigVersion);
        Assert.Equal(_consortium.Config.ToBytes(), genesis.Config);
        Assert.Equal(Hash32.Compute(genesis.Config), h.ConfigHash);
        Assert.Empty(genesis.Transactions);
    }

    [Fact]
    public void Read_config_returns_the_configuration_genesis_was_created_from()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);

        var config = Genesis.ReadConfig(genesis);

        Assert.Equal(_consortium.Config.ToBytes(), config.ToBytes());
    }

    [Fact]
    public void Genesis_survives_encoding_and_its_configuration_still_reads()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);

        var decoded = Block.Decode(genesis.Encode());

        Assert.Equal(genesis.Hash, decoded.Hash);
        Assert.Equal(_consortium.Config.ToBytes(), Genesis.ReadConfig(decoded).ToBytes());
    }

    [Fact]
    public void Genesis_is_deterministic()
    {
        Assert.Equal(Genesis.Create(_consortium.Config, Time).Hash, Genesis.Create(_consortium.Config, Time).Hash);
        Assert.NotEqual(Genesis.Create(_consortium.Config, Time).Hash, Genesis.Create(_consortium.Config, Time + 1).Hash);
    }

    [Fact]
    public void Genesis_of_another_consortium_differs()
    {
        using var other = new TestConsortium("genesis-chain");

        Assert.NotEqual(Genesis.Create(_consortium.Config, Time).Hash, Genesis.Create(other.Config, Time).Hash);
    }

    [Fact]
    public void Tampered_configuration_bytes_are_rejected()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);
        var tampered = (byte[])genesis.Config.Clone();
        var at = Array.IndexOf(tampered, (byte)'1'); // a digit of a version or limit
        tampered[at] = (byte)'2';

        var e = Assert.Throws<FormatException>(() => Genesis.ReadConfig(new Block(genesis.Header, [], tampered)));
        Assert.Contains("config hash", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Genesis_without_configuration_bytes_is_rejected()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);

        Assert.Throws<FormatException>(() => Genesis.ReadConfig(new Block(genesis.Header, [])));
    }

    [Fact]
    public void Configuration_bytes_that_match_the_hash_but_are_no_configuration_are_rejected()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);
        byte[] garbage = [.. "{\"chainId\":"u8];
        var header = Header(genesis.Header, configHash: Hash32.Compute(garbage));

        Assert.Throws<FormatException>(() => Genesis.ReadConfig(new Block(header, [], garbage)));
    }

    [Fact]
    public void Configuration_of_another_chain_id_or_version_than_the_header_is_rejected()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);

        Assert.Throws<FormatException>(() => Genesis.ReadConfig(WithHeader(genesis, Header(genesis.Header, chainId: "other-chain"))));
        Assert.Throws<FormatException>(() => Genesis.ReadConfig(WithHeader(genesis, Header(genesis.Header, configVersion: 2))));
    }

    [Fact]
    public void Block_that_is_not_at_height_zero_or_has_a_parent_or_transactions_is_not_genesis()
    {
        var genesis = Genesis.Create(_consortium.Config, Time);

        Assert.Throws<FormatException>(() => Genesis.ReadConfig(WithHeader(genesis, Header(genesis.Header, height: 1))));
        Assert.Throws<FormatException>(() => Genesis.ReadConfig(WithHeader(genesis, Header(genesis.Header, previousHash: Hash32.Compute([1])))));
        Assert.Throws<FormatException>(() => Genesis.ReadConfig(new Block(genesis.Header, [Samples.Tx()], genesis.Config)));
    }

    [Fact]
    public void Invalid_configuration_cannot_become_genesis()
    {
        var config = _consortium.Config with { Limits = new ConsortiumLimits(10) };

        Assert.Throws<FormatException>(() => Genesis.Create(config, Time));
    }

    [Fact]
    public void Genesis_of_any_valid_configuration_can_be_decoded()
    {
        // the chain id bound is in UTF-8 bytes, as in the header and payload decoders
        var longest = _consortium.Config with { ChainId = new string('é', 64) };
        longest.Validate();
        var genesis = Genesis.Create(longest, Time);
        Assert.Equal(genesis.Hash, Block.Decode(genesis.Encode()).Hash);

        var tooLong = _consortium.Config with { ChainId = new string('é', 65) };
        Assert.Throws<FormatException>(tooLong.Validate);
    }
}
