using System.Collections.Concurrent;
using System.Threading.Channels;
using Ledger.Core;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus;

/// <summary>
/// Admitted transactions in arrival order, waiting for the block cutter. Remembers the txIds it
/// holds so that a replay is refused before it reaches a block. Thread-safe.
/// </summary>
public sealed class Mempool
{
    private readonly Channel<PendingTransaction> _queue;
    private readonly ConcurrentDictionary<Hash32, PendingTransaction> _pending = new();
    private readonly int _capacity;
    private int _count; // ConcurrentDictionary.Count takes every lock: keep our own

    public Mempool(IOptions<OrderingOptions> options)
    {
        _capacity = options.Value.MempoolCapacity;
        _queue = Channel.CreateUnbounded<PendingTransaction>(new UnboundedChannelOptions { SingleReader = true });
    }

    public int Count => Volatile.Read(ref _count);

    internal ChannelReader<PendingTransaction> Reader => _queue.Reader;

    public bool Contains(Hash32 txId) => _pending.ContainsKey(txId);

    public PendingTransaction? Find(Hash32 txId) => _pending.GetValueOrDefault(txId);

    /// <summary>Adds a transaction; false when the same txId is pending already.</summary>
    /// <exception cref="MempoolFullException">The mempool is at capacity.</exception>
    /// <exception cref="NodeUnavailableException">The node no longer orders transactions.</exception>
    public bool TryAdd(PendingTransaction tx)
    {
        if (Count >= _capacity)
        {
            throw new MempoolFullException(_capacity);
        }

        if (!_pending.TryAdd(tx.TxId, tx))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        if (!_queue.Writer.TryWrite(tx))
        {
            Remove([tx]);
            throw new NodeUnavailableException("the node is not ordering transactions (it is stopping or stopped after a fault)");
        }

        return true;
    }

    /// <summary>
    /// Takes back a transaction just added (the door found it committed after all). It may already
    /// have been read by the cutter; then the executor records it as a duplicate, which changes nothing.
    /// </summary>
    internal void Withdraw(PendingTransaction tx)
    {
        Remove([tx]);
        tx.Fail(new AdmissionException(Core.Transactions.ValidationCode.DuplicateTransaction, "withdrawn: committed already"));
    }

    /// <summary>Queues a pending transaction for ordering again (its earlier ordering may have been lost with a leader).</summary>
    internal bool Requeue(PendingTransaction tx) =>
        _pending.TryGetValue(tx.TxId, out var pending) && ReferenceEquals(pending, tx) && _queue.Writer.TryWrite(tx);

    /// <summary>Forgets transactions once their block is committed.</summary>
    internal void Remove(IEnumerable<PendingTransaction> txs)
    {
        foreach (var tx in txs)
        {
            // only this very transaction: a resubmission of the same txId may be pending by now
            if (_pending.TryRemove(new KeyValuePair<Hash32, PendingTransaction>(tx.TxId, tx)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    internal void Close(Exception reason)
    {
        _queue.Writer.TryComplete();
        foreach (var tx in _pending.Values)
        {
            tx.Fail(reason);
        }
    }
}
