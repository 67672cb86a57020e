using Ledger.Chaincode.Abstractions;

namespace Ledger.Execution;

/// <summary>The contracts a node runs, by name. Every node of a chain must run the same set.</summary>
public sealed class ContractRegistry
{
    private readonly Dictionary<string, IContract> _contracts = new(StringComparer.Ordinal);

    public ContractRegistry(IEnumerable<IContract> contracts)
    {
        foreach (var contract in contracts)
        {
            if (contract.Name.Contains('\0', StringComparison.Ordinal) || !_contracts.TryAdd(contract.Name, contract))
            {
                throw new ArgumentException($"contract name '{contract.Name}' is invalid or registered twice", nameof(contracts));
            }
        }
    }

    public IReadOnlyCollection<string> Names => _contracts.Keys;

    public IContract? Find(string name) => _contracts.GetValueOrDefault(name);
}
