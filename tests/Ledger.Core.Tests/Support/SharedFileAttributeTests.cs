namespace Ledger.Core.Tests.Support;

/// <summary>The skip-when-absent attributes must report a missing file as a skip with a reason.</summary>
public sealed class SharedFileAttributeTests
{
    [Fact]
    public void Absent_shared_file_makes_the_fact_and_theory_skip_with_a_reason()
    {
        const string missing = "standards/no-such-standard/vectors.json";

        var fact = new SharedFileFactAttribute(missing);
        var theory = new SharedFileTheoryAttribute(missing);

        Assert.NotNull(fact.Skip);
        Assert.Contains("absent", fact.Skip, StringComparison.Ordinal);
        Assert.Contains(missing, fact.Skip, StringComparison.Ordinal);
        Assert.Equal(fact.Skip, theory.Skip);
    }

    [Fact]
    public void Repository_root_is_the_folder_holding_the_solution()
    {
        Assert.NotNull(SharedFiles.RepositoryRoot);
        Assert.True(File.Exists(Path.Combine(SharedFiles.RepositoryRoot, "Ledger.sln")));
        Assert.EndsWith(Path.Combine("shared", "standards", "rfc6962", "merkle-vectors.json"), SharedFiles.PathOf(SharedFiles.MerkleVectors), StringComparison.Ordinal);
    }

    [Fact]
    public void Present_shared_file_does_not_skip()
    {
        var fact = new SharedFileFactAttribute(SharedFiles.MerkleVectors);

        Assert.Equal(SharedFiles.Exists(SharedFiles.MerkleVectors), fact.Skip is null);
    }
}
