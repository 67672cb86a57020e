using System.Text;

namespace Ledger.Node.Tests;

/// <summary>Command lines as the README and the node print them, split into arguments.</summary>
internal static class ShellWords
{
    /// <summary>Shell words: bare words and single-quoted strings (all the README uses).</summary>
    public static string[] Split(string line)
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
}
