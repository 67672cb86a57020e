namespace Ledger.TestKit;

/// <summary>Paths in the checkout the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding Ledger.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> beside the project (domain, design and standards files).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no Ledger.sln above {AppContext.BaseDirectory}");
    }
}
