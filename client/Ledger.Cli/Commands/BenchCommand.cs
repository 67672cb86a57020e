using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ledger.Client;
using Ledger.Core.Identity;
using Ledger.Protos.V1;

namespace Ledger.Cli.Commands;

/// <summary>
/// <c>ledger bench</c>: whole-system throughput. Pre-signs equipment registrations (one signature
/// each), submits them in batches over gRPC from several concurrent callers, each waiting for
/// commit, and reports committed tx/s, submit-to-commit latency and bytes on disk per transaction.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var count = new Option<int>("--count", "-n") { Description = "Transactions to submit", DefaultValueFactory = _ => 50_000 };
        var batch = new Option<int>("--batch", "-b") { Description = "Transactions per SubmitBatch call", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent SubmitBatch calls", DefaultValueFactory = _ => 8 };
        var command = new Command("bench", "Measure committed tx/s and submit-to-commit latency against a node");
        command.Options.Add(count);
        command.Options.Add(batch);
        command.Options.Add(concurrency);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var n = ctx.Parse.GetValue(count);
            var batchSize = ctx.Parse.GetValue(batch);
            var callers = ctx.Parse.GetValue(concurrency);
            if (n < 1 || batchSize < 1 || callers < 1)
            {
                throw new CliException("--count, --batch and --concurrency must be positive");
            }

            using var identity = ctx.LoadIdentity();
            using var client = ctx.Connect();
            var before = await client.StatusAsync(ct);

            var signing = Stopwatch.StartNew();
            var transactions = PreSign(identity, before.ChainId, n);
            signing.Stop();
            if (!ctx.Json)
            {
                ctx.Out.WriteLine($"signed {n} transactions in {signing.Elapsed.TotalSeconds:F2} s; submitting in batches of {batchSize} from {callers} callers");
            }

            var batches = new ConcurrentQueue<SignedTransaction[]>(transactions.Chunk(batchSize));
            var latencies = new ConcurrentBag<(double Ms, int Count)>();
            var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var run = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(
                async () =>
                {
                    while (batches.TryDequeue(out var items))
                    {
                        var request = new SubmitBatchRequest { WaitForCommit = true, TimeoutMs = 120_000, OmitResults = true };
                        request.Transactions.AddRange(items);
                        var sent = Stopwatch.GetTimestamp();
                        var response = await client.Gateway.SubmitBatchAsync(request, cancellationToken: ct);
                        latencies.Add((Stopwatch.GetElapsedTime(sent).TotalMilliseconds, items.Length));
                        foreach (var r in response.Results)
                        {
                            var key = r.Response is { Committed: true } ok ? ok.ValidationCode : r.ErrorCode != 0 ? $"refused:{(Grpc.Core.StatusCode)r.ErrorCode}" : "notCommitted";
                            outcomes.AddOrUpdate(key, 1, (_, v) => v + 1);
                        }
                    }
                },
                ct)));
            run.Stop();

            var after = await client.StatusAsync(ct);
            var valid = outcomes.GetValueOrDefault("Valid");
            var committed = outcomes.Where(o => !o.Key.StartsWith("refused", StringComparison.Ordinal) && o.Key != "notCommitted").Sum(o => o.Value);
            var sorted = latencies.SelectMany(l => Enumerable.Repeat(l.Ms, l.Count)).Order().ToArray();
            var p50 = Percentile(sorted, 0.50);
            var p99 = Percentile(sorted, 0.99);
            var tps = committed / run.Elapsed.TotalSeconds;
            // the store's growth over the run: RocksDB deletes write-ahead log files once their data is
            // flushed, and compactions replace files, so a run can end with the store smaller than it began
            var growthPerTx = committed == 0 ? 0 : (after.DiskBytes - before.DiskBytes) / (double)committed;

            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["count"] = n,
                    ["batch"] = batchSize,
                    ["concurrency"] = callers,
                    ["committed"] = committed,
                    ["valid"] = valid,
                    ["outcomes"] = new JsonObject(outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                    ["elapsedSeconds"] = Math.Round(run.Elapsed.TotalSeconds, 3),
                    ["committedTxPerSecond"] = Math.Round(tps, 1),
                    ["p50LatencyMs"] = Math.Round(p50, 1),
                    ["p99LatencyMs"] = Math.Round(p99, 1),
                    ["diskGrowthBytesPerTx"] = Math.Round(growthPerTx, 1),
                    ["diskBytes"] = after.DiskBytes,
                    ["blocks"] = after.Height - before.Height,
                    ["signSeconds"] = Math.Round(signing.Elapsed.TotalSeconds, 3),
                });
            }
            else
            {
                ctx.Out.WriteLine($"committed {committed} of {n} transactions ({valid} valid) in {run.Elapsed.TotalSeconds:F2} s over {after.Height - before.Height} blocks");
                ctx.Out.WriteLine($"throughput {tps:F0} committed tx/s");
                ctx.Out.WriteLine($"latency    p50 {p50:F1} ms, p99 {p99:F1} ms (submit to commit)");
                ctx.Out.WriteLine($"disk       {after.DiskBytes / 1048576.0:F0} MB, {growthPerTx:F0} bytes per transaction more than before the run (less when RocksDB deleted flushed logs)");
                foreach (var (key, value) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
                {
                    ctx.Out.WriteLine($"  {key}: {value}");
                }
            }

            if (committed == n && valid < n)
            {
                // committed, but rejected ones write no state: such a run does not measure the node's work
                ctx.Error.WriteLine($"only {valid} of {n} transactions were valid, so the figures do not measure registrations that write state; registering equipment takes a member of an org with the manufacturer or remanufacturer role (e.g. --identity data/identities/manufacturer.identity)");
                return 1;
            }

            return committed == n ? 0 : 1;
        }));
        return command;
    }

    private static SignedTransaction[] PreSign(SigningIdentity identity, string chainId, int n)
    {
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var result = new SignedTransaction[n];
        var pkcs8 = identity.Key.ExportPkcs8PrivateKey();
        var workers = Math.Max(1, Environment.ProcessorCount);
        Parallel.For(0, workers, w =>
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using var own = new SigningIdentity(identity.Certificate.Der, key);
            var builder = new TransactionBuilder(own, chainId);
            for (var i = w; i < n; i += workers)
            {
                var args = $"{{\"pin\":\"BENCH-{run}-{i}\",\"manufacturer\":\"Bench\",\"model\":\"B1\",\"category\":\"excavator\"}}";
                result[i] = builder.Build("equipment", "Register", args).Message;
            }
        });
        return result;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
