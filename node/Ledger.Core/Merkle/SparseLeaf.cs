namespace Ledger.Core.Merkle;

/// <summary>A leaf of the state tree: the key's path and the hash of its value.</summary>
public readonly record struct SparseLeaf(Hash32 KeyHash, Hash32 ValueHash);
