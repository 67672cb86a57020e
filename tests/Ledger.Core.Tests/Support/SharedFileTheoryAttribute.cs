namespace Ledger.Core.Tests.Support;

/// <summary>The theory form of <see cref="SharedFileFactAttribute"/>: skipped with a reason when the shared file is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFileTheoryAttribute : TheoryAttribute
{
    public SharedFileTheoryAttribute(string relativePath)
    {
        RelativePath = relativePath;
        if (!SharedFiles.Exists(relativePath))
        {
            Skip = $"shared file ../shared/{relativePath} is absent (looked for {SharedFiles.PathOf(relativePath) ?? "a folder holding Ledger.sln above " + AppContext.BaseDirectory})";
        }
    }

    public string RelativePath { get; }
}
