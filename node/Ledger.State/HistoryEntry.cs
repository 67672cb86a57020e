using Ledger.Core;

namespace Ledger.State;

/// <summary>One change of one key by one valid transaction.</summary>
public sealed record HistoryEntry(byte[] StateKey, ulong Height, int TxIndex, Hash32 TxId, long BlockTimeUnixMs, bool IsDelete, byte[] Value);
