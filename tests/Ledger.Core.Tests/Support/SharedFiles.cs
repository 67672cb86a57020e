namespace Ledger.Core.Tests.Support;

/// <summary>
/// Finds files of the shared folder that sits beside the repository (<c>../shared</c> from the
/// folder holding <c>Ledger.sln</c>), found by walking up from the test binaries.
/// </summary>
internal static class SharedFiles
{
    public const string MerkleVectors = "standards/rfc6962/merkle-vectors.json";

    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The full path the shared file would have, or null when the repository root is not found.</summary>
    public static string? PathOf(string relativePath) =>
        RepositoryRoot is null ? null : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", relativePath));

    public static bool Exists(string relativePath) => PathOf(relativePath) is { } path && File.Exists(path);

    /// <summary>Reads a shared file; callers are tests guarded by <see cref="SharedFileFactAttribute"/>.</summary>
    public static string ReadAllText(string relativePath) =>
        File.ReadAllText(PathOf(relativePath) ?? throw new FileNotFoundException("repository root (Ledger.sln) not found", relativePath));

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
