namespace Ledger.Core.Blocks;

/// <summary>
/// Checks a chain end to end from genesis: each block's height, link to the previous hash, chain
/// id, config hash, monotonic block time and recomputed tx root. It does not re-execute
/// transactions (that is replay, which also checks state roots). Feed blocks in height order.
/// </summary>
public sealed class ChainVerifier
{
    private BlockHeader? _previous;
    private Hash32 _configHash;
    private ulong _configVersion;

    public ulong BlocksVerified { get; private set; }

    public BlockHeader? Last => _previous;

    /// <summary>Adds the next block; returns null when it follows, else the reason it does not.</summary>
    public string? Append(Block block)
    {
        var h = block.Header;
        if (_previous is null)
        {
            try
            {
                Genesis.ReadConfig(block);
            }
            catch (FormatException e)
            {
                return e.Message;
            }

            _configHash = h.ConfigHash;
            _configVersion = h.ConfigVersion;
        }
        else
        {
            if (h.Height != _previous.Height + 1)
            {
                return $"block {h.Height} follows block {_previous.Height}";
            }

            if (h.PreviousHash != _previous.Hash)
            {
                return $"block {h.Height}: previous hash {h.PreviousHash} is not the hash {_previous.Hash} of block {_previous.Height}";
            }

            if (!string.Equals(h.ChainId, _previous.ChainId, StringComparison.Ordinal))
            {
                return $"block {h.Height}: chain id '{h.ChainId}' differs from '{_previous.ChainId}'";
            }

            if (h.BlockTimeUnixMs < _previous.BlockTimeUnixMs)
            {
                return $"block {h.Height}: block time goes backwards";
            }

            if (block.Config.Length == 0 && h.ConfigHash != _configHash)
            {
                return $"block {h.Height}: config hash changed without a configuration block";
            }

            if (block.Config.Length == 0 && h.ConfigVersion != _configVersion)
            {
                return $"block {h.Height}: config version changed without a configuration block";
            }

            if (block.Config.Length != 0)
            {
                if (Hash32.Compute(block.Config) != h.ConfigHash)
                {
                    return $"block {h.Height}: configuration bytes do not match the config hash";
                }

                Consortium.ConsortiumConfig config;
                try
                {
                    config = Consortium.ConsortiumConfig.Parse(block.Config);
                }
                catch (FormatException e)
                {
                    return $"block {h.Height}: {e.Message}";
                }

                if (config.Version <= _configVersion || config.Version != h.ConfigVersion || !string.Equals(config.ChainId, h.ChainId, StringComparison.Ordinal))
                {
                    return $"block {h.Height}: a configuration block must raise the config version and keep the chain id";
                }

                _configHash = h.ConfigHash;
                _configVersion = h.ConfigVersion;
            }
        }

        if (h.TxCount != block.Transactions.Count)
        {
            return $"block {h.Height}: header counts {h.TxCount} transactions, the block holds {block.Transactions.Count}";
        }

        var txRoot = Block.ComputeTxRoot(block.Transactions);
        if (txRoot != h.TxRoot)
        {
            return $"block {h.Height}: tx root {h.TxRoot} does not match its transactions ({txRoot})";
        }

        _previous = h;
        BlocksVerified++;
        return null;
    }
}
