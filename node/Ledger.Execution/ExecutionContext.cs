using System.Text;
using System.Text.Json;
using Ledger.Chaincode.Abstractions;
using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Execution;

/// <summary>
/// <see cref="IContractContext"/> for one transaction: reads see the block state under this
/// transaction's own writes; writes stay here until the executor applies them (on success only).
/// </summary>
internal sealed class ExecutionContext : IContractContext
{
    public const int MaxKeyBytes = ExecutionLimits.MaxKeyBytes;
    public const int MaxValueBytes = ExecutionLimits.MaxValueBytes;
    public const int MaxEvents = 256;
    private const char CompositeSeparator = '\0';

    private readonly BlockState _block;
    private readonly string _namespace;
    private readonly SortedDictionary<byte[], byte[]?> _writes = new(ByteArrayComparer.Instance);
    private readonly SortedDictionary<byte[], bool> _indexWrites = new(ByteArrayComparer.Instance);
    private readonly List<ContractEvent> _events = [];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _orgRoles;

    public ExecutionContext(BlockState block, string ns, string txId, CallerIdentity caller, string function, JsonElement arguments, bool isReadOnly, IReadOnlyDictionary<string, IReadOnlyList<string>> orgRoles)
    {
        _orgRoles = orgRoles;
        _block = block;
        _namespace = ns;
        TxId = txId;
        Caller = caller;
        Function = function;
        Arguments = arguments;
        IsReadOnly = isReadOnly;
    }

    public string TxId { get; }

    public DateTimeOffset BlockTime => DateTimeOffset.FromUnixTimeMilliseconds(_block.BlockTimeUnixMs);

    public ulong BlockHeight => _block.Height;

    public CallerIdentity Caller { get; }

    public string Function { get; }

    public JsonElement Arguments { get; }

    public bool IsReadOnly { get; }

    public SortedDictionary<byte[], byte[]?> Writes => _writes;

    /// <summary>The index entries this call added (true) or removed (false).</summary>
    public SortedDictionary<byte[], bool> IndexWrites => _indexWrites;

    public IReadOnlyList<ContractEvent> Events => _events;

    /// <summary>
    /// Runs <paramref name="contract"/> in this context. A contract that breaks a rule of the context
    /// or throws fails the call (recorded deterministically, with the exception type only); it never
    /// stops the caller.
    /// </summary>
    public ContractOutcome Run(IContract contract)
    {
        ContractResponse response;
        try
        {
            response = contract.Invoke(this);
        }
        catch (ContractViolationException e)
        {
            return new ContractOutcome(ValidationCode.ContractFailed, ReasonCodes.ContractViolation, e.Message, string.Empty);
        }
#pragma warning disable CA1031 // a faulty contract must not stop the chain or the node
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ContractOutcome(ValidationCode.ContractFailed, ReasonCodes.ContractException, $"contract '{contract.Name}' threw {e.GetType().FullName}", string.Empty);
        }

        if (response is null)
        {
            // a contract bug, not the transaction's: recorded as failed, the chain goes on
            return new ContractOutcome(ValidationCode.ContractFailed, ReasonCodes.ContractException, $"contract '{contract.Name}' returned no response", string.Empty);
        }

        return response.IsSuccess
            ? new ContractOutcome(ValidationCode.Valid, string.Empty, string.Empty, response.Result)
            : new ContractOutcome(ValidationCode.ContractRejected, response.Code, response.Message, string.Empty);
    }

    public IReadOnlyList<string>? RolesOf(string org) => _orgRoles.GetValueOrDefault(org);

    public byte[]? GetState(string key)
    {
        var stateKey = Key(key);
        return _writes.TryGetValue(stateKey, out var pending) ? pending : _block.Get(stateKey);
    }

    public void PutState(string key, ReadOnlySpan<byte> value)
    {
        EnsureWritable();
        if (value.Length > MaxValueBytes)
        {
            throw new ContractViolationException($"value of '{key}' is larger than {MaxValueBytes} bytes");
        }

        _writes[Key(key)] = value.ToArray();
    }

    public void DeleteState(string key)
    {
        EnsureWritable();
        _writes[Key(key)] = null;
    }

    public IReadOnlyList<KeyValue> GetStateByRange(string startKey, string endKey)
    {
        var from = StateKeys.State(_namespace, startKey);
        var to = endKey.Length == 0 ? StateKeys.NamespaceRange(_namespace).To : StateKeys.State(_namespace, endKey);
        return Range(from, to).Where(kv => kv.Key.Length == 0 || kv.Key[0] != CompositeSeparator).ToArray();
    }

    public string CreateCompositeKey(string objectType, params string[] attributes)
    {
        ValidateCompositePart(objectType);
        var length = objectType.Length + 2;
        foreach (var attribute in attributes)
        {
            ValidateCompositePart(attribute);
            length += attribute.Length + 1;
        }

        // written straight into the string: each save of an indexed record makes several of these
        return string.Create(length, (objectType, attributes), static (chars, parts) =>
        {
            chars[0] = CompositeSeparator;
            parts.objectType.CopyTo(chars[1..]);
            var at = 1 + parts.objectType.Length;
            chars[at++] = CompositeSeparator;
            foreach (var attribute in parts.attributes)
            {
                attribute.CopyTo(chars[at..]);
                at += attribute.Length;
                chars[at++] = CompositeSeparator;
            }
        });
    }

    public (string ObjectType, IReadOnlyList<string> Attributes) SplitCompositeKey(string compositeKey)
    {
        if (compositeKey.Length < 2 || compositeKey[0] != CompositeSeparator || compositeKey[^1] != CompositeSeparator)
        {
            throw new ContractViolationException("not a composite key");
        }

        var parts = compositeKey[1..^1].Split(CompositeSeparator);
        return (parts[0], parts[1..]);
    }

    public IReadOnlyList<KeyValue> GetStateByPartialCompositeKey(string objectType, params string[] attributes)
    {
        var prefix = StateKeys.State(_namespace, CreateCompositeKey(objectType, attributes));
        return Range(prefix, StateKeys.PrefixEnd(prefix)).ToArray();
    }

    public void PutIndexEntry(string index, params string[] attributes)
    {
        EnsureWritable();
        _indexWrites[IndexKey(index, attributes)] = true;
    }

    public void DeleteIndexEntry(string index, params string[] attributes)
    {
        EnsureWritable();
        _indexWrites[IndexKey(index, attributes)] = false;
    }

    public IReadOnlyList<IReadOnlyList<string>> GetIndexEntries(string index, IReadOnlyList<string> prefix, IReadOnlyList<string>? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (limit < 1 || limit > ExecutionLimits.MaxIndexEntries)
        {
            throw new ContractViolationException($"an index read returns 1 to {ExecutionLimits.MaxIndexEntries} entries");
        }

        var start = StateKeys.State(_namespace, CreateCompositeKey(RequireIndexName(index), [.. prefix]));
        var end = StateKeys.PrefixEnd(start);
        var from = start;
        if (after is not null)
        {
            // strictly after the entry: its own key followed by one more byte is the next possible key
            byte[] afterKey = [.. IndexKey(index, [.. after]), 0];
            if (ByteArrayComparer.Instance.Compare(afterKey, from) > 0)
            {
                from = afterKey;
            }
        }

        var entries = new List<IReadOnlyList<string>>();
        if (end is not null && ByteArrayComparer.Instance.Compare(from, end) >= 0)
        {
            return entries;
        }

        // what this block and this call changed overlays the committed entries (the call's changes last)
        var pending = new SortedDictionary<byte[], bool>(ByteArrayComparer.Instance);
        foreach (var (k, present) in BlockState.Range(_block.IndexWrites, from, end))
        {
            pending[k] = present;
        }

        foreach (var (k, present) in BlockState.Range(_indexWrites, from, end))
        {
            pending[k] = present;
        }

        foreach (var key in MergeIndex(_block.Committed.Iterate(Column.Index, from, end).Select(kv => kv.Key), pending))
        {
            entries.Add(SplitCompositeKey(StateKeys.KeyOf(key, _namespace)).Attributes);
            if (entries.Count == limit)
            {
                break;
            }
        }

        return entries;
    }

    public IReadOnlyList<KeyModification> GetHistory(string key)
    {
        var stateKey = Key(key);
        return LedgerStore.ReadHistory(_block.Committed, stateKey)
            .Concat(_block.PendingHistory(stateKey))
            .Select(h => new KeyModification(h.TxId.ToHex(), h.Height, h.TxIndex, DateTimeOffset.FromUnixTimeMilliseconds(h.BlockTimeUnixMs), h.IsDelete, h.Value))
            .ToArray();
    }

    public void EmitEvent(string name, string payloadJson)
    {
        EnsureWritable();
        if (_events.Count >= MaxEvents)
        {
            throw new ContractViolationException($"more than {MaxEvents} events in one transaction");
        }

        _events.Add(new ContractEvent(name, payloadJson));
    }

    private IEnumerable<KeyValue> Range(byte[] from, byte[]? to)
    {
        var merged = new SortedDictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
        foreach (var (k, v) in LedgerStore.RangeState(_block.Committed, from, to))
        {
            merged[k] = v;
        }

        foreach (var (k, v) in _block.PendingRange(from, to))
        {
            merged[k] = v;
        }

        foreach (var (k, v) in BlockState.Range(_writes, from, to))
        {
            merged[k] = v;
        }

        foreach (var (k, v) in merged)
        {
            if (v is not null)
            {
                yield return new KeyValue(StateKeys.KeyOf(k, _namespace), v);
            }
        }
    }

    /// <summary>The committed keys (ascending) with the pending changes (ascending) applied, lazily.</summary>
    private static IEnumerable<byte[]> MergeIndex(IEnumerable<byte[]> committed, SortedDictionary<byte[], bool> pending)
    {
        var comparer = ByteArrayComparer.Instance;
        using var changes = pending.GetEnumerator();
        var hasChange = changes.MoveNext();
        foreach (var key in committed)
        {
            while (hasChange && comparer.Compare(changes.Current.Key, key) < 0)
            {
                if (changes.Current.Value)
                {
                    yield return changes.Current.Key;
                }

                hasChange = changes.MoveNext();
            }

            if (hasChange && comparer.Compare(changes.Current.Key, key) == 0)
            {
                if (changes.Current.Value)
                {
                    yield return key;
                }

                hasChange = changes.MoveNext();
                continue;
            }

            yield return key;
        }

        for (; hasChange; hasChange = changes.MoveNext())
        {
            if (changes.Current.Value)
            {
                yield return changes.Current.Key;
            }
        }
    }

    private byte[] IndexKey(string index, string[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Length == 0)
        {
            throw new ContractViolationException("an index entry needs at least one attribute");
        }

        var composite = CreateCompositeKey(RequireIndexName(index), attributes);
        if (Encoding.UTF8.GetByteCount(composite) > MaxKeyBytes)
        {
            throw new ContractViolationException($"index entries are at most {MaxKeyBytes} bytes");
        }

        return StateKeys.State(_namespace, composite);
    }

    private static string RequireIndexName(string index) =>
        string.IsNullOrEmpty(index) ? throw new ContractViolationException("an index needs a name") : index;

    private byte[] Key(string key)
    {
        if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new ContractViolationException($"state keys are 1 to {MaxKeyBytes} bytes");
        }

        return StateKeys.State(_namespace, key);
    }

    private void EnsureWritable()
    {
        if (IsReadOnly)
        {
            throw new ContractViolationException("a query cannot change state or emit events");
        }
    }

    private static void ValidateCompositePart(string part)
    {
        if (part.Contains(CompositeSeparator, StringComparison.Ordinal))
        {
            throw new ContractViolationException("composite key parts cannot contain U+0000");
        }
    }
}
