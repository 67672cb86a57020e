using System.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Ledger.Core.Serialization;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus.Raft;

/// <summary>
/// Applies committed Raft entries: each is a <see cref="BlockProposal"/> that becomes the next block,
/// executed and committed with its log index in one write batch, so an entry applied before (a replay
/// after a restart) is skipped. No snapshots: the log keeps every block, and a lagging or new node
/// catches up by replaying it from its own applied index. A commit failure stops the node.
/// </summary>
internal sealed class LedgerStateMachine(DirectoryInfo snapshots, BlockApplier applier, Action<Exception> fault, ILogger logger)
    : SimpleStateMachine(snapshots)
{
    protected override async ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        // applied before (the log replays from its start after a restart): not even read
        if (entry.Length is 0 || entry.IsConfiguration || applier.AppliedIndex >= (ulong)entry.Index)
        {
            // no payload (a new leader's marker) or a membership change: no block
            return false;
        }

        // decoded straight from the log's buffer when it is one piece (decoding copies each envelope out)
        byte[]? bytes = null;
        if (!entry.TryGetPayload(out ReadOnlySequence<byte> payload))
        {
            bytes = await entry.ToByteArrayAsync(token: token).ConfigureAwait(false);
        }
        else if (!payload.IsSingleSegment)
        {
            bytes = payload.ToArray();
        }

        BlockProposal proposal;
        try
        {
            proposal = BlockProposal.Decode(bytes ?? payload.FirstSpan);
        }
        catch (LedgerFormatException e)
        {
            // every node skips the same entry alike
            ConsensusLog.EntrySkipped(logger, entry.Index, e.Message);
            return false;
        }

        try
        {
            applier.Apply(proposal, (ulong)entry.Index);
        }
#pragma warning disable CA1031 // a failed commit stops the node; it is reported, not swallowed
        catch (Exception e)
#pragma warning restore CA1031
        {
            fault(e);
            throw;
        }

        return false;
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token) =>
        throw new NotSupportedException("the ledger takes no Raft snapshots: its blocks are the log");

    protected override ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token) =>
        throw new NotSupportedException("the ledger takes no Raft snapshots: its blocks are the log");
}
