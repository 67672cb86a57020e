namespace Ledger.Storage;

/// <summary>The column families of a node's store. Names are part of the on-disk format.</summary>
public enum Column
{
    /// <summary>height (u64 BE) → encoded block.</summary>
    Blocks,

    /// <summary>txId (32 bytes) → height (u64 BE) || index (u32 BE).</summary>
    TxIndex,

    /// <summary>namespaced state key → value.</summary>
    State,

    /// <summary>len || namespaced key || height || index → history entry.</summary>
    History,

    /// <summary>named values: chain head, state root, last applied consensus index.</summary>
    Meta,

    /// <summary>node hash → node of the authenticated state tree (content-addressed, never deleted).</summary>
    StateTree,

    /// <summary>height (u64 BE) → canonical header bytes (header chains without reading whole blocks).</summary>
    Headers,

    /// <summary>height (u64 BE) || certificate hash → a node's attestation of that block; height alone → its commit certificate's orgs.</summary>
    Attestations,

    /// <summary>
    /// namespaced composite key → empty: the contracts' query indexes. Derived from state by the contracts
    /// and written with each block, but outside the state tree and the key history (see <c>IContractContext.PutIndexEntry</c>).
    /// </summary>
    Index,
}
