using Ledger.Chaincode.Abstractions;
using Ledger.Chaincode.Equipment;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

public sealed class ChaincodeDeterminismTests
{
    private static string[] BannedSymbols() => File.ReadAllLines(Path.Combine(Repository.Root, "chaincode", "BannedSymbols.txt"));

    [Theory]
    [InlineData(typeof(EquipmentContract))]
    [InlineData(typeof(ContractBase))]
    public void Chaincode_assemblies_use_no_floating_point_and_no_banned_api(Type contractType)
    {
        var findings = ChaincodeDeterminismScanner.Scan(contractType.Assembly.Location, BannedSymbols());

        Assert.Empty(findings);
    }

    [Fact]
    public void The_scanner_finds_floating_point_and_banned_clock_use()
    {
        var findings = ChaincodeDeterminismScanner.Scan(typeof(NonDeterministicSample).Assembly.Location, BannedSymbols(), m => m.StartsWith(nameof(NonDeterministicSample), StringComparison.Ordinal));

        Assert.Contains(findings, f => f.Contains("UsesDouble", StringComparison.Ordinal) && f.Contains("floating point", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("System.DateTime.get_UtcNow", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("System.Random", StringComparison.Ordinal));
    }

    [Fact]
    public void The_analyzer_is_wired_into_every_chaincode_project()
    {
        var projects = Directory.GetFiles(Path.Combine(Repository.Root, "chaincode"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        Assert.All(projects, p =>
        {
            var text = File.ReadAllText(p);
            Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", text, StringComparison.Ordinal);
            Assert.Contains("BannedSymbols.txt", text, StringComparison.Ordinal);
        });
    }
}

/// <summary>What chaincode must not do: the scanner has to find all of it.</summary>
internal static class NonDeterministicSample
{
    public static double UsesDouble(int x) => x * 1.5;

    public static long UsesClock() => DateTime.UtcNow.Ticks;

    public static int UsesRandom() => new Random().Next();
}
