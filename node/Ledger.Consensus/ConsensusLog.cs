using Microsoft.Extensions.Logging;

namespace Ledger.Consensus;

internal static partial class ConsensusLog
{
    [LoggerMessage(1, LogLevel.Information, "Committed block {Height} {BlockHash} with {TxCount} transactions ({ValidCount} valid) in {ElapsedMs} ms")]
    public static partial void BlockCommitted(ILogger logger, ulong height, string blockHash, int txCount, int validCount, long elapsedMs);

    [LoggerMessage(2, LogLevel.Critical, "Committing block {Height} failed; the node stops ordering")]
    public static partial void CommitFailed(ILogger logger, Exception exception, ulong height);

    [LoggerMessage(3, LogLevel.Debug, "Transaction {TxId} refused at the door: {Code} {Reason}")]
    public static partial void Refused(ILogger logger, string txId, string code, string reason);

    [LoggerMessage(4, LogLevel.Information, "Block cutter started at height {Height} (max {MaxTransactions} tx, {MaxBytes} bytes, {MaxWaitMs} ms)")]
    public static partial void CutterStarted(ILogger logger, ulong height, int maxTransactions, int maxBytes, int maxWaitMs);

    [LoggerMessage(5, LogLevel.Warning, "Raft entry {Index} is no block proposal and is skipped: {Reason}")]
    public static partial void EntrySkipped(ILogger logger, long index, string reason);

    [LoggerMessage(6, LogLevel.Information, "Raft node {NodeId} started on {EndPoint} with {MemberCount} members; applied up to entry {AppliedIndex}, height {Height}")]
    public static partial void RaftStarted(ILogger logger, string nodeId, string endPoint, int memberCount, ulong appliedIndex, ulong height);

    [LoggerMessage(7, LogLevel.Information, "Raft leader is now {Leader} in term {Term}, height {Height}")]
    public static partial void LeaderChanged(ILogger logger, string leader, long term, ulong height);

    [LoggerMessage(8, LogLevel.Warning, "Ordering {TxCount} transactions failed: {Reason}")]
    public static partial void OrderingFailed(ILogger logger, int txCount, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Raft peer refused: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Raft member {Id} ({Raft}) added to the cluster: {Added}")]
    public static partial void MemberAdded(ILogger logger, string id, string raft, bool added);

    [LoggerMessage(11, LogLevel.Warning, "Raft member {Id} ({Raft}) not added yet")]
    public static partial void MemberNotAdded(ILogger logger, Exception error, string id, string raft);

    [LoggerMessage(12, LogLevel.Error, "Giving up transactions past their commit timeout failed; the next sweep tries again")]
    public static partial void SweepFailed(ILogger logger, Exception error);
}
