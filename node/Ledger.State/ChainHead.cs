using Ledger.Core;

namespace Ledger.State;

/// <summary>The last committed block: its height, hash and state root.</summary>
public sealed record ChainHead(ulong Height, Hash32 Hash, Hash32 StateRoot, long BlockTimeUnixMs);
