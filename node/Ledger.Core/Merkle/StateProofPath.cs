namespace Ledger.Core.Merkle;

/// <summary>
/// The path of a state proof: the siblings from the root down, and what the path ends at — a leaf
/// (the key's own for membership, another key's on the same path for absence) or an empty subtree.
/// </summary>
public sealed record StateProofPath(IReadOnlyList<Hash32> Siblings, SparseLeaf? Terminal);
