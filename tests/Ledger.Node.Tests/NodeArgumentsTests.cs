using Ledger.Node.Hosting;

namespace Ledger.Node.Tests;

/// <summary>The node refuses arguments the configuration would otherwise ignore without a word.</summary>
public sealed class NodeArgumentsTests
{
    [Theory]
    [InlineData("--data", "/tmp/x", "--node-id", "n1", "--urls", "http://127.0.0.1:0")]
    [InlineData("--data=/tmp/x", "--Ordering:MaxWaitMs=5")]
    [InlineData("--Ordering:MaxTransactions", "100")]
    [InlineData("--Data", "/tmp/x", "--http_ports", "8080")]
    public void Known_switches_and_settings_are_taken(params string[] args) => LedgerNodeApp.CheckArguments(args);

    [Theory]
    [InlineData("unknown argument '--listen'", "--listen", "http://127.0.0.1:7061")]
    [InlineData("unknown argument 'data'", "data")]
    [InlineData("unknown argument '--dta'", "--dta", "/tmp/x")]
    [InlineData("argument '--data' needs a value", "--data")]
    [InlineData("argument '--node-id' needs a value", "--node-id", "--data", "/tmp/x")]
    public void A_misspelt_or_valueless_switch_is_refused_by_name(string expected, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => LedgerNodeApp.CheckArguments(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
