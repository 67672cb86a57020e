namespace Ledger.Core.Merkle;

/// <summary>
/// The path of a state proof: the branches from the root down along the key's path, and what the
/// path ends at — a leaf (the key's own for membership, another key's on the same path for
/// absence), or nothing (the last branch has no child at the key's digit, or the tree is empty).
/// </summary>
public sealed record StateProofPath(IReadOnlyList<StateProofLevel> Levels, SparseLeaf? Terminal);

/// <summary>
/// One branch on a proof's path: which of its 16 children exist (bit i = digit i) and the hashes of
/// those other than the one on the key's path, in digit order.
/// </summary>
public sealed record StateProofLevel(ushort Bitmap, IReadOnlyList<Hash32> Siblings);
