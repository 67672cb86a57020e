namespace Ledger.Core.Tests.Support;

/// <summary>
/// A fact that needs a file of <c>../shared</c>: when the file is absent the test is reported as
/// skipped with the reason (xUnit 2 has no dynamic skip), never silently passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFileFactAttribute : FactAttribute
{
    public SharedFileFactAttribute(string relativePath)
    {
        RelativePath = relativePath;
        if (!SharedFiles.Exists(relativePath))
        {
            Skip = $"shared file ../shared/{relativePath} is absent (looked for {SharedFiles.PathOf(relativePath) ?? "a folder holding Ledger.sln above " + AppContext.BaseDirectory})";
        }
    }

    public string RelativePath { get; }
}
