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
    NodeMetrics metrics,
    ILogger<TransactionAdmission> logger)
{
    /// <summary>Admits one transaction into the mempool.</summary>
    /// <exception cref="AdmissionException">The transaction is refused.</exception>
    /// <exception cref="MempoolFullException">The mempool is at capacity.</exception>
    public PendingTransaction Admit(byte[] envelope) =>
        Admit(envelope, validator.Check(envelope, time.GetUtcNow().ToUnixTimeMilliseconds(), validator.Directory.At(ledger.Store)));

    /// <summary>
    /// Admits a batch: the stateless checks (signatures) run on all cores, then each transaction
    /// enters the mempool in request order. Each item is either admitted or refused on its own.
    /// </summary>
    public IReadOnlyList<(PendingTransaction? Admitted, Exception? Refused)> AdmitBatch(IReadOnlyList<byte[]> envelopes)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var membership = validator.Directory.At(ledger.Store);
        var checks = new TxCheck[envelopes.Count];
        Parallel.For(0, envelopes.Count, i => checks[i] = validator.Check(envelopes[i], now, membership));
        var results = new (PendingTransaction?, Exception?)[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            try
            {
                results[i] = (Admit(envelopes[i], checks[i]), null);
            }
            catch (Exception e) when (e is AdmissionException or MempoolFullException or NodeUnavailableException)
            {
                results[i] = (null, e);
            }
        }

        return results;
    }

    private PendingTransaction Admit(byte[] envelope, TxCheck check)
    {
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

        var pending = new PendingTransaction(txId, envelope, check, time.GetTimestamp());
        if (!mempool.TryAdd(pending))
        {
            throw Refuse(txId.ToHex(), ValidationCode.DuplicateTransaction, $"transaction {txId} is pending already");
        }

        // the original may have committed (and left the mempool) between the check above and the add
        if (ledger.FindTransaction(txId) is { } committed)
        {
            mempool.Withdraw(pending);
            throw Refuse(txId.ToHex(), ValidationCode.DuplicateTransaction, $"transaction {txId} is committed already (block {committed.Height}, index {committed.Index})");
        }

        return pending;
    }

    private AdmissionException Refuse(string txId, ValidationCode code, string reason)
    {
        metrics.Refused(code);
        ConsensusLog.Refused(logger, txId, code.ToString(), reason);
        return new AdmissionException(code, reason);
    }
}
