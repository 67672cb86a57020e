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

    /// <summary>The <c>ledger …</c> commands of the first shell block of a README section (continuation lines joined).</summary>
    private static List<string[]> WalkthroughCommands(string heading = "## Walkthrough")
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '{heading}'");
        var start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var joined = readme[start..end].Replace("\\\n", " ", StringComparison.Ordinal);
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("ledger ", StringComparison.Ordinal))
            .Select(l => ShellWords.Split(l)[1..])
            .ToList();
    }

    [Fact]
    public async Task The_readme_walkthrough_takes_an_excavator_from_registration_to_deregistration_after_export()
    {
        var commands = WalkthroughCommands();
        Assert.True(commands.Count >= 12, $"the walkthrough has {commands.Count} commands");
        var hashes = new List<string>();
        string last = string.Empty;
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            // the README's paths are the dev node's data folder: point them at this node's
            var args = command.Select(a => a.StartsWith("data/", StringComparison.Ordinal) ? Path.Combine(_node.DataDirectory, a["data/".Length..]) : a).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(["--node", _node.Address, .. args], output, error);
            Assert.True(exit == 0, $"`ledger {string.Join(' ', command)}` exited {exit}: {error}");
            last = output.ToString();
            if (command[0] == "private-hash")
            {
                // the hash the README then submits is the one this command prints
                var hash = last.Trim();
                Assert.Contains(commands.Skip(i + 1), c => c.Any(a => a.Contains(hash, StringComparison.Ordinal)));
                hashes.Add(hash);
            }
        }

        Assert.Equal(2, hashes.Count);
        AssertNoPrivateIdentityInClear(hashes);

        var machines = JsonDocument.Parse(last).RootElement.GetProperty("machines");
        var machine = Assert.Single(machines.EnumerateArray());
        Assert.Equal("SANYSY215C0001", machine.GetProperty("id").GetString());
        Assert.Equal("Deregistered", machine.GetProperty("status").GetString());
        Assert.Equal("exporter", machine.GetProperty("owner").GetString());
        Assert.Equal("RM-HN-2026-0042", machine.GetProperty("remanufactureMark").GetProperty("certificateNumber").GetString());
        Assert.Equal("Cleared", machine.GetProperty("declaration").GetProperty("status").GetString());
        Assert.Equal(38_500_000, machine.GetProperty("valuation").GetProperty("amountMinor").GetInt64());
    }

    [Fact]
    public async Task The_readme_onboarding_takes_an_enterprise_through_every_stage_onto_the_whitelist()
    {
        var commands = WalkthroughCommands("## Onboarding");
        Assert.True(commands.Count >= 10, $"the onboarding has {commands.Count} commands");
        using var work = new TempDirectory();
        string last = string.Empty;
        foreach (var command in commands)
        {
            var args = command.Select(a => Local(a, work.Path)).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(["--node", _node.Address, .. args], output, error);
            Assert.True(exit == 0, $"`ledger {string.Join(' ', command)}` exited {exit}: {error}");
            last = output.ToString();
        }

        var member = JsonDocument.Parse(last).RootElement;
        Assert.Equal("sunward-reman", member.GetProperty("id").GetString());
        Assert.Equal("Listed", member.GetProperty("status").GetString());
        Assert.Equal(["remanufacturer"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.False(member.GetProperty("founding").GetBoolean());
    }

    /// <summary>The README's paths: the dev node's data folder is this node's; bare file names are in <paramref name="work"/>.</summary>
    private string Local(string arg, string work)
    {
        if (arg.StartsWith("data/", StringComparison.Ordinal))
        {
            return Path.Combine(_node.DataDirectory, arg["data/".Length..]);
        }

        var at = arg.StartsWith('@') ? "@" : string.Empty;
        var name = arg[at.Length..];
        return name.StartsWith("sunward.", StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal) ? at + Path.Combine(work, name) : arg;
    }

    /// <summary>
    /// Every file of the node's data folder (RocksDB tables, WAL, manifest, logs) is free of the
    /// private person's id number, while the hashes standing for them are there (so the scan does
    /// read what the node stored).
    /// </summary>
    private void AssertNoPrivateIdentityInClear(IReadOnlyList<string> hashes)
    {
        const string NationalId = "430102199001011234";
        byte[][] forbidden = [Encoding.UTF8.GetBytes(NationalId), Encoding.Unicode.GetBytes(NationalId)];
        var files = Directory.GetFiles(_node.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.Contains(Path.Combine("db", string.Empty), StringComparison.Ordinal));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            foreach (var needle in forbidden)
            {
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{file} holds the private person's id number in clear");
            }

            foreach (var hash in hashes)
            {
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(hash)) >= 0)
                {
                    seen.Add(hash);
                }
            }
        }

        Assert.Equal(hashes.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }
}
