using System.Text.Json;
using Ledger.Chaincode.Abstractions;
using Ledger.Core.Consortium;
using Ledger.Core.Transactions;

namespace Ledger.Execution;

/// <summary>A transaction whose shape, chain, identity, signatures, contract, function and arguments checked out, in <paramref name="Membership"/>.</summary>
public sealed record ValidatedTransaction(
    SignedTransaction Envelope,
    TxPayload Payload,
    Membership.Member Creator,
    IReadOnlyList<Membership.Member> Endorsers,
    CallerIdentity Caller,
    IContract Contract,
    JsonElement Arguments,
    Membership Membership);
