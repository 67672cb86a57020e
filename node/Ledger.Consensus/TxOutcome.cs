using Ledger.Core;
using Ledger.Core.Transactions;

namespace Ledger.Consensus;

/// <summary>What became of a transaction once its block committed.</summary>
public sealed record TxOutcome(Hash32 TxId, ulong Height, int Index, ValidationCode Code, string ReasonCode, string Reason, string Result);
