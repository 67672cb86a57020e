using System.Text;

namespace Ledger.TestKit;

/// <summary>A node's log files (<c>DIR/logs/*.log</c>), read while the node keeps them open.</summary>
public static class NodeLogs
{
    /// <summary>The log files of the node with data folder <paramref name="dataDirectory"/> as written so far, in name order.</summary>
    public static async Task<string> ReadAsync(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var log in Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "*.log").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
