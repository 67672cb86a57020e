using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Merkle;
using Ledger.Core.Transactions;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Execution;

/// <summary>
/// Executes an ordered list of transactions on top of the committed chain and produces the next
/// block with everything it changes. Deterministic: the same chain, transactions, block time and
/// proposer give byte-identical blocks on every node. Every transaction is recorded with its
/// validation code; only valid ones change state. Not thread-safe: one block at a time.
/// </summary>
public sealed class BlockExecutor(TransactionValidator validator)
{
    public TransactionValidator Validator => validator;

    /// <param name="ledger">The committed chain the block extends.</param>
    /// <param name="envelopes">The block's transactions in order.</param>
    /// <param name="blockTimeUnixMs">The block time (not before the head's).</param>
    /// <param name="proposer">The node cutting the block.</param>
    /// <param name="appliedIndex">Under consensus: the log index the block comes from.</param>
    /// <param name="prechecked">
    /// Results of <see cref="TransactionValidator.Check(ReadOnlyMemory{byte}, long, Ledger.Core.Consortium.Membership)"/> this node already made for
    /// these exact envelopes (at its door), or null. They are pure functions of the bytes and the
    /// membership, so reusing them cannot change the block when the membership in force is the one
    /// they were checked in; validity at the block time (certificate and CA) is checked again.
    /// </param>
    public BlockCommit Execute(LedgerStore ledger, IReadOnlyList<byte[]> envelopes, long blockTimeUnixMs, string proposer, ulong? appliedIndex = null, IReadOnlyList<TxCheck?>? prechecked = null)
    {
        var head = ledger.Head ?? throw new InvalidOperationException("the ledger has no genesis");
        if (blockTimeUnixMs < head.BlockTimeUnixMs)
        {
            throw new ArgumentOutOfRangeException(nameof(blockTimeUnixMs), "block time must not go backwards");
        }

        // the membership in force when the block starts: changes made by this block count from the next one
        var membership = validator.Directory.At(ledger.Store);

        // Stateless checks (shape, identity, signatures) do not depend on order: run them on all cores.
        var checks = new TxCheck[envelopes.Count];
        Parallel.For(0, envelopes.Count, i =>
        {
            checks[i] = prechecked?[i] is { Transaction: { } tx } known && TransactionValidator.StillValidAt(tx, blockTimeUnixMs, membership)
                ? known
                : validator.Check(envelopes[i], blockTimeUnixMs, membership);
        });

        var state = new BlockState(ledger.Store, head.Height + 1, blockTimeUnixMs);
        var records = new TxRecord[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            records[i] = ExecuteOne(ledger, state, envelopes[i], checks[i], i);
        }

        var writes = state.FinalWrites();
        var changes = new StateTree.Change[writes.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            var w = writes[i];
            changes[i] = new StateTree.Change(SparseMerkle.KeyHash(w.Key), w.Value is null ? null : Hash32.Compute(w.Value));
        }

        Array.Sort(changes, (a, b) => a.KeyHash.CompareTo(b.KeyHash));
        // a block's update writes about two branches per change and replaces as many: sized once, not doubled
        var nodes = new List<StateTree.NewNode>(changes.Length * 5 / 2);
        var superseded = new List<Hash32>(changes.Length * 5 / 2);
        var stateRoot = ledger.Tree.Update(head.StateRoot, head.Height + 1, changes, nodes, superseded);
        var config = validator.Config;
        var header = new BlockHeader(
            BlockHeader.CurrentVersion,
            config.ChainId,
            head.Height + 1,
            head.Hash,
            MerkleTree.Root(Block.LeafHashes(records)),
            (uint)records.Length,
            stateRoot,
            blockTimeUnixMs,
            proposer,
            config.Version,
            ledger.Genesis!.Header.ConfigHash);
        return new BlockCommit(new Block(header, records), writes, state.History, nodes, appliedIndex, superseded, state.FinalIndexWrites());
    }

    /// <summary>Whether the certificate is revoked in the committed state read by <paramref name="reader"/>.</summary>
    public static bool IsRevoked(IKeyValueReader reader, Hash32 certificateHash) =>
        LedgerStore.GetState(reader, RevokedStateKey(certificateHash)) is not null;

    private static byte[] RevokedStateKey(Hash32 certificateHash) =>
        StateKeys.State(IdentityContract.ContractName, IdentityContract.RevokedKey(certificateHash));

    private TxRecord ExecuteOne(LedgerStore ledger, BlockState state, byte[] envelope, TxCheck check, int index)
    {
        if (check.Transaction is not { } tx)
        {
            return Rejected(envelope, check.Code, string.Empty, check.Reason);
        }

        var txId = tx.Envelope.TxId;
        if (!state.AddTxId(txId) || ledger.FindTransaction(txId) is not null)
        {
            return Rejected(envelope, ValidationCode.DuplicateTransaction, string.Empty, $"transaction {txId} was submitted before");
        }

        if (state.Get(RevokedStateKey(tx.Creator.Certificate.Hash)) is not null)
        {
            return Rejected(envelope, ValidationCode.RevokedIdentity, string.Empty, $"the certificate of {tx.Caller.Name}@{tx.Caller.Org} is revoked");
        }

        var context = new ExecutionContext(state, tx.Contract.Name, txId.ToHex(), tx.Caller, tx.Payload.Function, tx.Arguments, isReadOnly: false, tx.Membership.OrgRoles);
        var outcome = context.Run(tx.Contract);
        if (outcome.Code != ValidationCode.Valid)
        {
            return Rejected(envelope, outcome.Code, outcome.ReasonCode, outcome.Reason);
        }

        state.Apply(context.Writes, context.IndexWrites, index, txId);
        return new TxRecord(envelope, ValidationCode.Valid, string.Empty, string.Empty, outcome.Result, context.Events.ToArray());
    }

    private static TxRecord Rejected(byte[] envelope, ValidationCode code, string reasonCode, string reason) =>
        new(envelope, code, reasonCode, reason, string.Empty, []);
}
