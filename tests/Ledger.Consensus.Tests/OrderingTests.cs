using Ledger.Core.Transactions;
using Ledger.TestKit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus.Tests;

/// <summary>The door, the mempool and the block cutter on an in-memory ledger.</summary>
public sealed class OrderingTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly TxFactory _maker;
    private readonly CancellationTokenSource _stop = new();
    private Mempool? _mempool;
    private BlockCutter? _cutter;
    private TransactionAdmission? _admission;
    private CommitFeed? _feed;
    private NodeMetrics? _metrics;

    public OrderingTests()
    {
        _ledger = new TestLedger(_consortium);
        _maker = _consortium.Transactions("manufacturer");
    }

    private async Task StartAsync(OrderingOptions options)
    {
        var wrapped = Options.Create(options);
        _mempool = new Mempool(wrapped);
        _feed = new CommitFeed(_ledger.Ledger);
        _metrics = new NodeMetrics(_ledger.Ledger, _mempool, TimeProvider.System);
        var applier = new BlockApplier(_ledger.Ledger, _ledger.Executor, _feed, _mempool, TimeProvider.System, new NodeIdentityOptions { NodeId = "n1" }, _metrics, NullLogger<BlockApplier>.Instance);
        _admission = new TransactionAdmission(_ledger.Ledger, _ledger.Validator, _mempool, TimeProvider.System, _metrics, NullLogger<TransactionAdmission>.Instance);
        _cutter = new BlockCutter(_mempool, new SoloOrderer(applier), _ledger.Ledger, wrapped, TimeProvider.System, new Lifetime(), NullLogger<BlockCutter>.Instance);
        await _cutter.StartAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cutter is not null)
        {
            await _cutter.StopAsync(CancellationToken.None);
            _cutter.Dispose();
        }

        _ledger.Dispose();
        _consortium.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task A_block_is_cut_when_it_holds_max_transactions()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 3, MaxWaitMs = 60_000 });

        var pending = Enumerable.Range(0, 3).Select(i => _admission!.Admit(_maker.Register($"CUT-{i}"))).ToArray();
        var outcomes = await Task.WhenAll(pending.Select(p => p.Committed.WaitAsync(Patience)));
        Assert.Throws<AdmissionException>(() => _admission!.Admit(_maker.Register("CUT-0", manufacturer: "Other")[..^1]));
        var metrics = await ScrapeAsync();
        Assert.Contains("ledger_block_height " + _ledger.Ledger.Head!.Height, metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_transactions_committed_total{code=\"Valid\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_commit_latency_seconds_count 3", metrics, StringComparison.Ordinal);
        Assert.Contains("ledger_transactions_refused_total{code=\"MalformedTransaction\"} 1", metrics, StringComparison.Ordinal);

        Assert.All(outcomes, o => Assert.Equal(1UL, o.Height));
        Assert.Equal([0, 1, 2], outcomes.Select(o => o.Index));
        Assert.All(outcomes, o => Assert.Equal(ValidationCode.Valid, o.Code));
        Assert.Equal(0, _mempool!.Count);
    }

    [Fact]
    public async Task A_lone_transaction_is_committed_once_max_wait_has_passed()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 1000, MaxWaitMs = 10 });

        var outcome = await _admission!.Admit(_maker.Register("WAIT-1")).Committed.WaitAsync(Patience);

        Assert.Equal(1UL, outcome.Height);
        await _feed!.WaitForHeightAsync(1, CancellationToken.None).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_transaction_pending_or_committed_is_refused_again_as_duplicate()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 2, MaxWaitMs = 60_000 });
        var envelope = _maker.Register("DUP-1");
        var first = _admission!.Admit(envelope);

        var pendingAgain = Assert.Throws<AdmissionException>(() => _admission.Admit(envelope));
        _admission.Admit(_maker.Register("DUP-2"));
        await first.Committed.WaitAsync(Patience);
        var committedAgain = Assert.Throws<AdmissionException>(() => _admission.Admit(envelope));

        Assert.Equal(ValidationCode.DuplicateTransaction, pendingAgain.Code);
        Assert.Contains("pending", pendingAgain.Message, StringComparison.Ordinal);
        Assert.Equal(ValidationCode.DuplicateTransaction, committedAgain.Code);
        Assert.Contains("committed", committedAgain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_mempool_refuses_more_transactions()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 10, MaxWaitMs = 60_000, MempoolCapacity = 2 });
        _admission!.Admit(_maker.Register("FULL-1"));
        _admission.Admit(_maker.Register("FULL-2"));

        Assert.Throws<MempoolFullException>(() => _admission.Admit(_maker.Register("FULL-3")));
    }

    [Fact]
    public async Task Stopping_the_cutter_fails_waiting_transactions_and_later_ones_as_unavailable()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 10, MaxWaitMs = 60_000 });
        var waiting = _admission!.Admit(_maker.Register("STOP-1"));

        await _cutter!.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<NodeUnavailableException>(() => waiting.Committed.WaitAsync(Patience));
        Assert.Throws<NodeUnavailableException>(() => _admission.Admit(_maker.Register("STOP-2")));
        Assert.Equal(0UL, _ledger.Ledger.Head!.Height);
    }

    [Fact]
    public async Task A_batch_is_admitted_item_by_item_in_order()
    {
        await StartAsync(new OrderingOptions { MaxTransactions = 2, MaxWaitMs = 60_000 });
        var good = _maker.Register("B-1");

        var results = _admission!.AdmitBatch([good, [1, 2, 3], good, _maker.Register("B-2")]);

        Assert.NotNull(results[0].Admitted);
        Assert.Equal(ValidationCode.MalformedTransaction, Assert.IsType<AdmissionException>(results[1].Refused).Code);
        Assert.Equal(ValidationCode.DuplicateTransaction, Assert.IsType<AdmissionException>(results[2].Refused).Code);
        var second = await results[3].Admitted!.Committed.WaitAsync(Patience);
        Assert.Equal(1, second.Index);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _metrics!.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
