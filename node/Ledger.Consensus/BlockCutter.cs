using Ledger.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ledger.Consensus;

/// <summary>
/// The block cutter: takes admitted transactions in arrival order and cuts a block when it
/// holds <see cref="OrderingOptions.MaxTransactions"/>, reaches <see cref="OrderingOptions.MaxBytes"/>,
/// or its first transaction has waited <see cref="OrderingOptions.MaxWaitMs"/>, and hands the batch
/// to the <see cref="IBlockOrderer"/>. If a commit fails the node stops ordering (and the host
/// stops): a half-known chain must not grow.
/// </summary>
public sealed class BlockCutter(
    Mempool mempool,
    IBlockOrderer orderer,
    LedgerStore ledger,
    IOptions<OrderingOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BlockCutter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        ConsensusLog.CutterStarted(logger, ledger.Head?.Height ?? 0, o.MaxTransactions, o.MaxBytes, o.MaxWaitMs);
        var reader = mempool.Reader;
        var batch = new List<PendingTransaction>(o.MaxTransactions);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                var bytes = 0;
                var deadline = time.GetTimestamp() + (long)(o.MaxWaitMs / 1000.0 * time.TimestampFrequency);
                while (batch.Count < o.MaxTransactions && bytes < o.MaxBytes)
                {
                    if (reader.TryRead(out var tx))
                    {
                        batch.Add(tx);
                        bytes += tx.Envelope.Length;
                        continue;
                    }

                    var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(remaining);
                    try
                    {
                        await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                if (batch.Count > 0)
                {
                    await orderer.OrderAsync(batch.ToArray(), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // StopAsync closes the mempool
        }
#pragma warning disable CA1031 // any commit failure stops ordering and the host; it is logged as critical
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsensusLog.CommitFailed(logger, e, (ledger.Head?.Height ?? 0) + 1);
            mempool.Close(new NodeUnavailableException("the node failed to commit a block and stopped ordering", e));
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Stops cutting and fails every transaction still waiting. Done here rather than in
    /// <see cref="ExecuteAsync"/>, which may never have started when the host stops early.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        mempool.Close(new NodeUnavailableException("the node stopped before the transaction was committed"));
    }
}
