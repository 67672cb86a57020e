using System.Text;
using System.Text.Json;
using Ledger.Cli;
using Ledger.TestKit;

namespace Ledger.Node.Tests;

/// <summary>
/// Runs the README's walkthrough, line by line as written there, against a real node: the
/// documented commands are the tested ones.
/// </summary>
public sealed class WalkthroughTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>The <c>ledger …</c> commands of the README's walkthrough block (continuation lines joined).</summary>
    private static List<string[]> WalkthroughCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme.IndexOf("## Walkthrough", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no walkthrough section");
        var start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var joined = readme[start..end].Replace("\\\n", " ", StringComparison.Ordinal);
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("ledger ", StringComparison.Ordinal))
            .Select(l => Tokenize(l)[1..])
            .ToList();
    }

    /// <summary>Shell words: bare words and single-quoted strings (all the README uses).</summary>
    private static string[] Tokenize(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        Assert.False(quoted, $"unbalanced quote in: {line}");
        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words.ToArray();
    }

    [Fact]
    public async Task The_readme_walkthrough_takes_an_excavator_from_registration_to_deregistration_after_export()
    {
        var commands = WalkthroughCommands();
        Assert.True(commands.Count >= 12, $"the walkthrough has {commands.Count} commands");
        string last = string.Empty;
        foreach (var command in commands)
        {
            // the README's paths are the dev node's data folder: point them at this node's
            var args = command.Select(a => a.StartsWith("data/", StringComparison.Ordinal) ? Path.Combine(_node.DataDirectory, a["data/".Length..]) : a).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(["--node", _node.Address, .. args], output, error);
            Assert.True(exit == 0, $"`ledger {string.Join(' ', command)}` exited {exit}: {error}");
            last = output.ToString();
        }

        var machines = JsonDocument.Parse(last).RootElement.GetProperty("machines");
        var machine = Assert.Single(machines.EnumerateArray());
        Assert.Equal("SANYSY215C0001", machine.GetProperty("id").GetString());
        Assert.Equal("Deregistered", machine.GetProperty("status").GetString());
        Assert.Equal("exporter", machine.GetProperty("owner").GetString());
        Assert.Equal("Cleared", machine.GetProperty("declaration").GetProperty("status").GetString());
        Assert.Equal(38_500_000, machine.GetProperty("valuation").GetProperty("amountMinor").GetInt64());
    }
}
