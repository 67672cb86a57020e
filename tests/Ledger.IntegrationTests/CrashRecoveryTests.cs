using System.Collections.Concurrent;
using Grpc.Core;
using Ledger.Chaincode.Equipment;
using Ledger.Client;
using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.IntegrationTests;

/// <summary>kill -9 under load: every acknowledged block survives, the chain verifies, and replay gives the same chain.</summary>
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_killed_under_load_restarts_with_every_acknowledged_transaction_and_a_verifiable_chain()
    {
        using var dir = new TempDirectory("ledger-crash");
        var acknowledged = new ConcurrentBag<(string TxId, ulong Height)>();

        using (var node = await NodeProcess.StartAsync(dir.Path, StartTimeout))
        {
            // a node on its own runs the classic server GC that its runtime config asks for, not DATAS
            // (on one CPU the runtime falls back to workstation GC)
            var log = await NodeLogs.ReadAsync(dir.Path);
            Assert.Contains("; dynamic adaptation to the application's size (DATAS) off", log, StringComparison.Ordinal);
            Assert.Contains(Environment.ProcessorCount > 1 ? "Garbage collection: server, concurrent;" : "Garbage collection: workstation", log, StringComparison.Ordinal);
            var status = await node.Client.StatusAsync(CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                var builder = new TransactionBuilder(IdentityDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "identities", "manufacturer.identity"))).ToSigningIdentity(), status.ChainId);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var (_, tx) = builder.Build("equipment", "Register", $"{{\"pin\":\"CRASH-{w}-{i}\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}}");
                    try
                    {
                        var response = await node.Client.SubmitAsync(tx, waitForCommit: true, 0, CancellationToken.None);
                        if (response.Committed)
                        {
                            acknowledged.Add((response.TxId, response.Height));
                        }
                    }
                    catch (RpcException)
                    {
                        return; // the node is gone
                    }
                }
            })).ToArray();

            // under load until 200 acknowledgements (or a generous deadline on a slow machine)
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 200 && DateTime.UtcNow < deadline && writers.Any(w => !w.IsCompleted))
            {
                await Task.Delay(20);
            }

            node.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} transactions were acknowledged before the kill");
        using (var node = await NodeProcess.StartAsync(dir.Path, StartTimeout))
        {
            var height = (await node.Client.StatusAsync(CancellationToken.None)).Height;
            Assert.True(height >= acknowledged.Max(a => a.Height), "acknowledged blocks are missing after the crash");

            foreach (var (txId, at) in acknowledged)
            {
                var tx = await node.Client.GetTransactionAsync(txId, CancellationToken.None);
                Assert.Equal(at, tx.Header.Height);
                Assert.Equal("Valid", tx.Transaction.ValidationCode);
            }

            var blocks = new List<Block>();
            for (ulong h = 0; h <= height; h++)
            {
                blocks.Add(BlockVerification.Decode(await node.Client.GetBlockAsync(h, CancellationToken.None)));
            }

            AssertChainVerifiesAndReplays(blocks);

            // and it keeps working
            var builder = new TransactionBuilder(IdentityDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "identities", "manufacturer.identity"))).ToSigningIdentity(), blocks[0].Header.ChainId);
            var (_, after) = builder.Build("equipment", "Register", "{\"pin\":\"AFTER-CRASH\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}");
            var committed = await node.Client.SubmitAsync(after, true, 0, CancellationToken.None);
            Assert.Equal(height + 1, committed.Height);
        }
    }

    /// <summary>
    /// The auditor's check: links and tx roots verify from genesis, and re-executing every block's
    /// transactions on a fresh store reproduces each block hash (so also each state root).
    /// </summary>
    private static void AssertChainVerifiesAndReplays(IReadOnlyList<Block> blocks)
    {
        var verifier = new ChainVerifier();
        foreach (var block in blocks)
        {
            Assert.Null(verifier.Append(block));
        }

        using var replay = new LedgerStore(new InMemoryKeyValueStore());
        replay.InitializeGenesis(blocks[0]);
        using var signatures = new SignatureVerifier();
        var config = Genesis.ReadConfig(blocks[0]);
        var validator = new TransactionValidator(new Membership(config), new ContractRegistry([new EquipmentContract(), new IdentityContract(), new ConsortiumContract(config)]), signatures, new SignatureCache());
        var executor = new BlockExecutor(validator);
        foreach (var block in blocks.Skip(1))
        {
            var commit = executor.Execute(replay, block.Transactions.Select(t => t.Envelope).ToArray(), block.Header.BlockTimeUnixMs, block.Header.Proposer);
            Assert.Equal(block.Hash, commit.Block.Hash);
            replay.Commit(commit);
        }
    }
}
