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
        var builder = new StringBuilder().Append(CompositeSeparator).Append(objectType).Append(CompositeSeparator);
        foreach (var attribute in attributes)
        {
            ValidateCompositePart(attribute);
            builder.Append(attribute).Append(CompositeSeparator);
        }

        return builder.ToString();
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
