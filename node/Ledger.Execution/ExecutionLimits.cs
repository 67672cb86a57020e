namespace Ledger.Execution;

/// <summary>What a contract call may read and write: the same on every node.</summary>
public static class ExecutionLimits
{
    /// <summary>Longest state key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Largest state value.</summary>
    public const int MaxValueBytes = 1 << 20;

    /// <summary>Most index entries one read of a query index returns.</summary>
    public const int MaxIndexEntries = 1000;
}
