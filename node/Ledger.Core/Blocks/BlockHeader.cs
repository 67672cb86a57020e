using Ledger.Core.Serialization;

namespace Ledger.Core.Blocks;

/// <summary>
/// A block header. The block hash is SHA-256 of <see cref="Encode"/>; it commits to the previous
/// block, to every transaction record (tx root), to the world state after the block (state root)
/// and to the consortium configuration in force (config hash).
/// </summary>
/// <param name="Version">Header format version; see <see cref="CurrentVersion"/>.</param>
/// <param name="ChainId">The chain's id, fixed by genesis.</param>
/// <param name="Height">0 for genesis.</param>
/// <param name="PreviousHash">Hash of the block at <c>Height - 1</c>; zero for genesis.</param>
/// <param name="TxRoot">RFC 6962 root over the transaction records' leaves.</param>
/// <param name="TxCount">Number of transactions: the tree size every inclusion proof must claim.</param>
/// <param name="StateRoot">Root of the authenticated state tree after this block.</param>
/// <param name="BlockTimeUnixMs">The proposer's clock, monotonic along the chain; the only clock chaincode sees.</param>
/// <param name="Proposer">Id of the node that cut the block.</param>
/// <param name="ConfigVersion">Version of the consortium configuration in force.</param>
/// <param name="ConfigHash">SHA-256 of the consortium configuration bytes in force.</param>
public sealed record BlockHeader(
    uint Version,
    string ChainId,
    ulong Height,
    Hash32 PreviousHash,
    Hash32 TxRoot,
    uint TxCount,
    Hash32 StateRoot,
    long BlockTimeUnixMs,
    string Proposer,
    ulong ConfigVersion,
    Hash32 ConfigHash)
{
    /// <summary>
    /// Version 2: the state root is the root of the authenticated state tree
    /// (<see cref="Merkle.SparseMerkle"/>), which proves any key present or absent at any height.
    /// (Version 1 chained SHA-256 over each block's write set and gave no per-key proofs.)
    /// </summary>
    public const uint CurrentVersion = 2;

    /// <summary>SHA-256 of the canonical header bytes (computed on each read: a cached field would be copied by <c>with</c>).</summary>
    public Hash32 Hash => Hash32.Compute(Encode());

    public DateTimeOffset BlockTime => DateTimeOffset.FromUnixTimeMilliseconds(BlockTimeUnixMs);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        writer.WriteUInt32(Version)
            .WriteString(ChainId)
            .WriteUInt64(Height)
            .WriteHash(PreviousHash)
            .WriteHash(TxRoot)
            .WriteUInt32(TxCount)
            .WriteHash(StateRoot)
            .WriteInt64(BlockTimeUnixMs)
            .WriteString(Proposer)
            .WriteUInt64(ConfigVersion)
            .WriteHash(ConfigHash);
        return writer.ToArray();
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var header = ReadFrom(ref reader);
        reader.EnsureEnd("block header");
        return header;
    }

    public static BlockHeader ReadFrom(ref CanonicalReader reader)
    {
        var version = reader.ReadUInt32("header.version");
        if (version != CurrentVersion)
        {
            throw new LedgerFormatException($"block header version {version} is not supported (expected {CurrentVersion})");
        }

        return new BlockHeader(
            version,
            reader.ReadString("header.chainId", Consortium.ConsortiumConfig.MaxIdBytes),
            reader.ReadUInt64("header.height"),
            reader.ReadHash("header.previousHash"),
            reader.ReadHash("header.txRoot"),
            reader.ReadUInt32("header.txCount"),
            reader.ReadHash("header.stateRoot"),
            reader.ReadInt64("header.blockTime"),
            reader.ReadString("header.proposer", 256),
            reader.ReadUInt64("header.configVersion"),
            reader.ReadHash("header.configHash"));
    }
}
