using Ledger.Core;
using Ledger.Execution;

namespace Ledger.Consensus;

/// <summary>A transaction admitted at the door and waiting for its block, with the door's check of it.</summary>
public sealed class PendingTransaction(Hash32 txId, byte[] envelope, TxCheck check, long admittedAt = 0)
{
    /// <summary>When the door admitted it (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long AdmittedAt { get; } = admittedAt;

    private readonly TaskCompletionSource<TxOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Hash32 TxId { get; } = txId;

    public byte[] Envelope { get; } = envelope;

    public TxCheck Check { get; } = check;

    public Task<TxOutcome> Committed => _completion.Task;

    internal void Complete(TxOutcome outcome) => _completion.TrySetResult(outcome);

    internal void Fail(Exception error) => _completion.TrySetException(error);
}
