using Ledger.Core;
using Ledger.Core.Transactions;
using Ledger.Execution;

namespace Ledger.Consensus.Tests;

/// <summary>
/// The leader's record of ordered transactions: a committed one leaves at once (nothing of it is kept
/// for the commit timeout), one past its give-up time is taken once, ordering again keeps the first
/// give-up time, and a leader change takes each waiting transaction for reordering once.
/// </summary>
public sealed class OrderedTransactionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ManualTime _time = new();

    [Fact]
    public async Task A_committed_transaction_stops_being_tracked_when_it_completes()
    {
        var ordered = new OrderedTransactions(_time);
        var (tx, other) = (Pending(1), Pending(2));
        ordered.Add([tx, other], Timeout);
        Assert.Equal(2, ordered.Count);

        tx.Complete(new TxOutcome(tx.TxId, 1, 0, ValidationCode.Valid, string.Empty, string.Empty, "{}"));
        await tx.Committed;

        // the removal runs as a continuation of the completion (on the pool): wait for it, not for a time
        await WaitUntilAsync(() => ordered.Count == 1);
        _time.Advance(Timeout);
        Assert.Equal([other], ordered.TakeExpired());
        Assert.Equal(0, ordered.Count);
    }

    [Fact]
    public void A_transaction_is_given_up_once_its_timeout_has_passed_and_only_once()
    {
        var ordered = new OrderedTransactions(_time);
        var tx = Pending(1);
        ordered.Add([tx], Timeout);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(ordered.TakeExpired());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([tx], ordered.TakeExpired());
        Assert.Empty(ordered.TakeExpired());
    }

    [Fact]
    public void Ordering_again_keeps_the_give_up_time_of_the_first_ordering()
    {
        var ordered = new OrderedTransactions(_time);
        var tx = Pending(1);
        ordered.Add([tx], Timeout);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([tx], ordered.TakeForReordering());
        ordered.Add([tx], Timeout);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([tx], ordered.TakeExpired());
    }

    [Fact]
    public void A_leader_change_takes_each_waiting_transaction_once_until_it_is_ordered_again()
    {
        var ordered = new OrderedTransactions(_time);
        var (first, second) = (Pending(1), Pending(2));
        ordered.Add([first, second], Timeout);

        Assert.Equal([first, second], ordered.TakeForReordering().OrderBy(p => p.TxId).ToArray());
        Assert.Empty(ordered.TakeForReordering());

        ordered.Add([second], Timeout);
        Assert.Equal([second], ordered.TakeForReordering());
        Assert.Equal(2, ordered.Count);
    }

    [Fact]
    public void A_failed_transaction_removed_is_neither_reordered_nor_given_up()
    {
        var ordered = new OrderedTransactions(_time);
        var tx = Pending(1);
        ordered.Add([tx], Timeout);
        ordered.Remove(tx);

        _time.Advance(Timeout);
        Assert.Empty(ordered.TakeForReordering());
        Assert.Empty(ordered.TakeExpired());
    }

    private static PendingTransaction Pending(byte id)
    {
        var txId = new byte[Hash32.Size];
        txId[^1] = id;
        return new PendingTransaction(new Hash32(txId), [id], TxCheck.Fail(ValidationCode.MalformedTransaction, "not checked: only tracked"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, cancel.Token);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
