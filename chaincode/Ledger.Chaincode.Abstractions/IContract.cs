using System.Text.Json;

namespace Ledger.Chaincode.Abstractions;

/// <summary>
/// A smart contract. Implementations must be deterministic (see shared/design/ARCHITECTURE.md:
/// no clock but the block time, no randomness, no I/O, no threads, no floating point, ordinal
/// comparisons) and stateless between calls: all state goes through the context.
/// Calls are never concurrent.
/// </summary>
public interface IContract
{
    /// <summary>The contract's name on the ledger, e.g. <c>equipment</c>.</summary>
    string Name { get; }

    bool HasFunction(string function);

    /// <summary>Runs <see cref="IContractContext.Function"/>. Business-rule violations return a rejection; they do not throw.</summary>
    ContractResponse Invoke(IContractContext context);

    /// <summary>
    /// A check of a call's arguments alone (no state, no caller), made at the node's door before the
    /// transaction is stored anywhere: a refusal here keeps the arguments off the ledger (e.g. a private
    /// person's id number in clear). Returns null, or a rejection. Pure and deterministic. Default: no check.
    /// </summary>
    ContractResponse? CheckArguments(string function, JsonElement arguments) => null;
}
