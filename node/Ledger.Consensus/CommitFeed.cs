using Ledger.Core.Blocks;
using Ledger.State;

namespace Ledger.Consensus;

/// <summary>
/// Tells waiters that a new block committed. Readers then read blocks from the store by height, so
/// a stream never skips or repeats one. Thread-safe.
/// </summary>
public sealed class CommitFeed
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _height;

    public CommitFeed(LedgerStore ledger) => _height = ledger.Head?.Height ?? 0;

    public ulong Height => Volatile.Read(ref _height);

    public void Published(Block block)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            Volatile.Write(ref _height, block.Height);
            released = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    /// <summary>Completes once the committed height is at least <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(ulong height, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_height >= height)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
