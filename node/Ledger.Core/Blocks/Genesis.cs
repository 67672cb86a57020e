using Ledger.Core.Consortium;
using Ledger.Core.Merkle;

namespace Ledger.Core.Blocks;

/// <summary>Builds the genesis block: height 0, no transactions, the consortium configuration.</summary>
public static class Genesis
{
    public const string Proposer = "genesis";

    public static Block Create(ConsortiumConfig config, long blockTimeUnixMs)
    {
        config.Validate();
        var bytes = config.ToBytes();
        var header = new BlockHeader(
            BlockHeader.CurrentVersion,
            config.ChainId,
            0,
            Hash32.Zero,
            MerkleTree.EmptyRoot,
            0,
            Hash32.Zero,
            blockTimeUnixMs,
            Proposer,
            config.Version,
            Hash32.Compute(bytes));
        return new Block(header, [], bytes);
    }

    /// <summary>Checks a block is a well-formed genesis block and returns its configuration.</summary>
    /// <exception cref="FormatException">It is not.</exception>
    public static ConsortiumConfig ReadConfig(Block genesis)
    {
        var h = genesis.Header;
        if (h.Height != 0 || !h.PreviousHash.IsZero || genesis.Transactions.Count != 0)
        {
            throw new FormatException("not a genesis block: height, previous hash or transactions are wrong");
        }

        if (genesis.Config.Length == 0 || Hash32.Compute(genesis.Config) != h.ConfigHash)
        {
            throw new FormatException("genesis block: configuration bytes do not match the header's config hash");
        }

        var config = ConsortiumConfig.Parse(genesis.Config);
        if (!string.Equals(config.ChainId, h.ChainId, StringComparison.Ordinal) || config.Version != h.ConfigVersion)
        {
            throw new FormatException("genesis block: chain id or config version differ from the configuration");
        }

        return config;
    }
}
