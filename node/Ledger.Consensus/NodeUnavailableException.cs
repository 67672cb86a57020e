namespace Ledger.Consensus;

/// <summary>The node cannot order transactions now (it is stopping, or it stopped ordering after a fault).</summary>
public sealed class NodeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
