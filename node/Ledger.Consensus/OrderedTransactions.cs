using System.Collections.Concurrent;

namespace Ledger.Consensus;

/// <summary>
/// The transactions a node ordered that wait for their block, each with the time it is given up at
/// (its first ordering plus the commit timeout: ordering it again after a leader change keeps that
/// time). A transaction leaves as soon as it completes, so nothing it holds (its envelope, the
/// door's check) outlives its block: a leader under load would otherwise keep every transaction of
/// the last commit timeout alive, and the garbage collector would copy them all from generation to
/// generation. Thread-safe.
/// </summary>
public sealed class OrderedTransactions(TimeProvider time)
{
    private readonly ConcurrentDictionary<PendingTransaction, Entry> _entries = new();

    /// <summary>How many wait now (takes every lock of the table: for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Tracks the transactions until they complete or are taken; a transaction tracked already keeps
    /// its give-up time and may be taken for ordering again (see <see cref="TakeForReordering"/>).
    /// </summary>
    public void Add(IReadOnlyList<PendingTransaction> transactions, TimeSpan timeout)
    {
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        foreach (var tx in transactions)
        {
            if (_entries.TryGetValue(tx, out var existing))
            {
                Volatile.Write(ref existing.Requeued, 0);
                continue;
            }

            if (_entries.TryAdd(tx, new Entry(deadline)))
            {
                _ = tx.Committed.ContinueWith(_ => _entries.TryRemove(tx, out Entry? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Stops tracking a transaction (it failed).</summary>
    public void Remove(PendingTransaction tx) => _entries.TryRemove(tx, out _);

    /// <summary>
    /// The waiting transactions not taken for ordering again since they were last ordered: each is
    /// returned once until <see cref="Add"/> tracks it again. They stay tracked, with their give-up time.
    /// </summary>
    public IReadOnlyList<PendingTransaction> TakeForReordering()
    {
        var taken = new List<PendingTransaction>();
        foreach (var (tx, entry) in _entries)
        {
            if (!tx.Committed.IsCompleted && Interlocked.Exchange(ref entry.Requeued, 1) == 0)
            {
                taken.Add(tx);
            }
        }

        return taken;
    }

    /// <summary>Removes and returns the transactions whose give-up time has come and that have not completed.</summary>
    public IReadOnlyList<PendingTransaction> TakeExpired()
    {
        var now = time.GetTimestamp();
        var expired = new List<PendingTransaction>();
        foreach (var (tx, entry) in _entries)
        {
            if (entry.Deadline <= now && !tx.Committed.IsCompleted && _entries.TryRemove(tx, out _))
            {
                expired.Add(tx);
            }
        }

        return expired;
    }

    private sealed class Entry(long deadline)
    {
        public readonly long Deadline = deadline;
        public int Requeued;
    }
}
