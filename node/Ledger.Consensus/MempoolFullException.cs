namespace Ledger.Consensus;

public sealed class MempoolFullException(int capacity) : Exception($"the mempool is full ({capacity} transactions are waiting); retry later");
