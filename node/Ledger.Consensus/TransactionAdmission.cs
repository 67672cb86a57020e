using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.State;
using Microsoft.Extensions.Logging;

namespace Ledger.Consensus;

/// <summary>
/// The door: a transaction enters the mempool only if it would pass the executor's stateless
/// checks now, its creator is not revoked and its txId is neither committed nor pending.
/// Nothing is stored for a refused transaction. Thread-safe.
/// </summary>
public sealed class TransactionAdmission(
    LedgerStore ledger,
    TransactionValidator validator,
    Mempool mempool,
    TimeProvider time,
    ILogger<TransactionAdmission> logger)
{
    /// <exception cref="AdmissionException">The transaction is refused.</exception>
    /// <exception cref="MempoolFullException">The mempool is at capacity.</exception>
    public PendingTransaction Admit(byte[] envelope)
    {
        var check = validator.Check(envelope, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (check.Transaction is not { } tx)
        {
            throw Refuse(SignedTransaction.ComputeTxId(envelope).ToHex(), check.Code, check.Reason);
        }

        var txId = tx.Envelope.TxId;
        if (BlockExecutor.IsRevoked(ledger.Store, tx.Creator.Certificate.Hash))
        {
            throw Refuse(txId.ToHex(), ValidationCode.RevokedIdentity, $"the certificate of {tx.Caller.Name}@{tx.Caller.Org} is revoked");
        }

        if (ledger.FindTransaction(txId) is { } location)
        {
            throw Refuse(txId.ToHex(), ValidationCode.DuplicateTransaction, $"transaction {txId} is committed already (block {location.Height}, index {location.Index})");
        }

        var pending = new PendingTransaction(txId, envelope, check);
        if (!mempool.TryAdd(pending))
        {
            throw Refuse(txId.ToHex(), ValidationCode.DuplicateTransaction, $"transaction {txId} is pending already");
        }

        return pending;
    }

    private AdmissionException Refuse(string txId, ValidationCode code, string reason)
    {
        ConsensusLog.Refused(logger, txId, code.ToString(), reason);
        return new AdmissionException(code, reason);
    }
}
