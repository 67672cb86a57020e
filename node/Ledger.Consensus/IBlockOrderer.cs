namespace Ledger.Consensus;

/// <summary>
/// What the block cutter does with a batch it cut: commit it as the next block (solo), or have the
/// cluster order it (Raft). An exception stops ordering on this node: a half-known chain must not grow.
/// </summary>
public interface IBlockOrderer
{
    Task OrderAsync(IReadOnlyList<PendingTransaction> batch, CancellationToken cancellationToken);
}

/// <summary>One node orders alone: each batch is the next block, executed and committed here.</summary>
public sealed class SoloOrderer(BlockApplier applier) : IBlockOrderer
{
    public Task OrderAsync(IReadOnlyList<PendingTransaction> batch, CancellationToken cancellationToken)
    {
        applier.Apply(batch);
        return Task.CompletedTask;
    }
}
