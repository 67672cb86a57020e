namespace Ledger.Chaincode.Abstractions;

/// <summary>A contract that dispatches functions by name to handlers registered in the constructor.</summary>
public abstract class ContractBase : IContract
{
    private readonly Dictionary<string, Func<IContractContext, ContractResponse>> _functions = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    protected void Function(string name, Func<IContractContext, ContractResponse> handler) => _functions.Add(name, handler);

    public bool HasFunction(string function) => _functions.ContainsKey(function);

    /// <inheritdoc cref="IContract.CheckArguments"/>
    public virtual ContractResponse? CheckArguments(string function, System.Text.Json.JsonElement arguments) => null;

    public ContractResponse Invoke(IContractContext context) =>
        _functions.TryGetValue(context.Function, out var handler)
            ? handler(context)
            : ContractResponse.Reject("UNKNOWN_FUNCTION", $"contract '{Name}' has no function '{context.Function}'");
}
