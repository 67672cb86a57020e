using Ledger.Core.Transactions;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// Runs a signed query against a consistent snapshot of the latest committed state. Queries pass
/// the same identity and signature checks as transactions but are not recorded and cannot write.
/// Thread-safe: any number of queries may run while blocks commit.
/// </summary>
public sealed class QueryExecutor(TransactionValidator validator)
{
    public QueryResult Evaluate(LedgerStore ledger, byte[] envelope, long nowUnixMs)
    {
        using var snapshot = ledger.Store.GetSnapshot();
        var head = LedgerStore.ReadHead(snapshot) ?? throw new InvalidOperationException("the ledger has no genesis");
        var check = validator.Check(envelope, nowUnixMs, validator.Directory.At(snapshot));
        if (check.Transaction is not { } tx)
        {
            return new QueryResult(check.Code, string.Empty, check.Reason, string.Empty, head.Height);
        }

        if (BlockExecutor.IsRevoked(snapshot, tx.Creator.Certificate.Hash))
        {
            return new QueryResult(ValidationCode.RevokedIdentity, string.Empty, $"the certificate of {tx.Caller.Name}@{tx.Caller.Org} is revoked", string.Empty, head.Height);
        }

        var state = new BlockState(snapshot, head.Height, head.BlockTimeUnixMs);
        var context = new ExecutionContext(state, tx.Contract.Name, tx.Envelope.TxId.ToHex(), tx.Caller, tx.Payload.Function, tx.Arguments, isReadOnly: true, tx.Membership.OrgRoles);
        var outcome = context.Run(tx.Contract);
        return new QueryResult(outcome.Code, outcome.ReasonCode, outcome.Reason, outcome.Result, head.Height);
    }
}
