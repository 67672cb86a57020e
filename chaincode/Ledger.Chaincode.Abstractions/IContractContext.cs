using System.Text.Json;

namespace Ledger.Chaincode.Abstractions;

/// <summary>
/// Everything a contract may see or do while executing one transaction.
/// Determinism: every member depends only on the committed ledger state, the transaction and its
/// block; iteration is in ordinal key order. Atomicity: writes become visible to later
/// transactions of the block only if the call succeeds; a rejected call leaves no trace in state.
/// State is namespaced per contract: a contract sees only its own keys.
/// Not thread-safe (a contract runs on one thread).
/// </summary>
public interface IContractContext
{
    /// <summary>The transaction id (hex SHA-256 of the payload): the only source of uniqueness or randomness.</summary>
    string TxId { get; }

    /// <summary>Time of the block the transaction is in: the only clock.</summary>
    DateTimeOffset BlockTime { get; }

    /// <summary>Height of the block the transaction is in (for queries: the height read at).</summary>
    ulong BlockHeight { get; }

    CallerIdentity Caller { get; }

    /// <summary>The roles of member org <paramref name="org"/> in the configuration in force, or null when it is not a member.</summary>
    IReadOnlyList<string>? RolesOf(string org);

    string Function { get; }

    /// <summary>The call's arguments: always a JSON object.</summary>
    JsonElement Arguments { get; }

    /// <summary>True for a read-only evaluation; writes are then refused.</summary>
    bool IsReadOnly { get; }

    byte[]? GetState(string key);

    void PutState(string key, ReadOnlySpan<byte> value);

    void DeleteState(string key);

    /// <summary>Simple (non-composite) keys with <paramref name="startKey"/> ≤ key &lt; <paramref name="endKey"/>; empty end means no bound.</summary>
    IReadOnlyList<KeyValue> GetStateByRange(string startKey, string endKey);

    /// <summary>A key made of an object type and attributes that sorts and range-queries by attribute prefix.</summary>
    string CreateCompositeKey(string objectType, params string[] attributes);

    /// <summary>Splits a key made by <see cref="CreateCompositeKey"/>.</summary>
    (string ObjectType, IReadOnlyList<string> Attributes) SplitCompositeKey(string compositeKey);

    /// <summary>Composite keys of <paramref name="objectType"/> whose attributes start with <paramref name="attributes"/>.</summary>
    IReadOnlyList<KeyValue> GetStateByPartialCompositeKey(string objectType, params string[] attributes);

    /// <summary>
    /// Adds an entry to one of this contract's query indexes: <paramref name="attributes"/> (for example
    /// an owner and a machine id) under <paramref name="index"/>. Every node keeps index entries beside
    /// the world state and writes them in the block's batch, but they are neither in the state tree nor
    /// in the key history, so they cost a block far less than state does. They are for finding keys, not
    /// for proving anything: a contract derives them from state it keeps (replaying the chain rebuilds
    /// them), and a reader proves what it finds by the state it points at.
    /// </summary>
    void PutIndexEntry(string index, params string[] attributes);

    /// <summary>Removes an entry added by <see cref="PutIndexEntry"/> (nothing happens if there is none).</summary>
    void DeleteIndexEntry(string index, params string[] attributes);

    /// <summary>
    /// Up to <paramref name="limit"/> entries of <paramref name="index"/> whose attributes start with
    /// <paramref name="prefix"/>, in ordinal order, and after the entry <paramref name="after"/> when it is given.
    /// </summary>
    IReadOnlyList<IReadOnlyList<string>> GetIndexEntries(string index, IReadOnlyList<string> prefix, IReadOnlyList<string>? after, int limit);

    /// <summary>Committed changes of a key, oldest first, followed by those made earlier in this block.</summary>
    IReadOnlyList<KeyModification> GetHistory(string key);

    /// <summary>Emits an event, delivered with the block if the call succeeds.</summary>
    void EmitEvent(string name, string payloadJson);
}
