using Ledger.Client;
using Ledger.Core.Blocks;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_node_keeps_its_chain_and_keeps_extending_it()
    {
        using var dir = new TempDirectory("ledger-restart");
        string genesisHash;
        await using (var node = await TestNode.StartAsync(dir.Path))
        {
            var builder = await node.BuilderAsync("manufacturer");
            for (var i = 0; i < 3; i++)
            {
                var (_, tx) = builder.Build("equipment", "Register", $"{{\"pin\":\"R-{i}\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}}");
                Assert.Equal("Valid", (await node.Client.SubmitAsync(tx, true, 0, CancellationToken.None)).ValidationCode);
            }

            genesisHash = Convert.ToHexStringLower((await node.Client.StatusAsync(CancellationToken.None)).GenesisHash.Span);
        }

        await using (var node = await TestNode.StartAsync(dir.Path))
        {
            var status = await node.Client.StatusAsync(CancellationToken.None);
            Assert.Equal(3UL, status.Height);
            Assert.Equal(genesisHash, Convert.ToHexStringLower(status.GenesisHash.Span));

            var builder = await node.BuilderAsync("manufacturer");
            var (_, again) = builder.Build("equipment", "Register", "{\"pin\":\"R-0\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}");
            Assert.Equal("DUPLICATE_IDENTITY", (await node.Client.SubmitAsync(again, true, 0, CancellationToken.None)).ReasonCode);

            var verifier = new ChainVerifier();
            for (ulong h = 0; h <= 4; h++)
            {
                Assert.Null(verifier.Append(BlockVerification.Decode(await node.Client.GetBlockAsync(h, CancellationToken.None))));
            }
        }
    }

    [Fact]
    public async Task A_node_refuses_a_data_folder_whose_genesis_file_is_corrupt()
    {
        using var dir = new TempDirectory("ledger-corrupt");
        await File.WriteAllBytesAsync(dir.Combine("genesis.block"), [1, 2, 3]);

        var e = await Assert.ThrowsAnyAsync<FormatException>(() => TestNode.StartAsync(dir.Path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Ordering:MaxTransactions=0", "MaxTransactions")]
    [InlineData("--Ordering:MaxBlocksInFlight=0", "MaxBlocksInFlight")]
    [InlineData("--node-id=bad id!", "NodeId")]
    [InlineData("--Node:DevMaxTransactionBytes=10", "DevMaxTransactionBytes")]
    public async Task Invalid_options_stop_the_node_at_start_and_name_the_option(string option, string name)
    {
        using var dir = new TempDirectory("ledger-options");

        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestNode.StartAsync(dir.Path, option));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}
