using System.ComponentModel.DataAnnotations;

namespace Ledger.Consensus;

/// <summary>This node's name on the chain (the proposer of the blocks it cuts).</summary>
public sealed class NodeIdentityOptions
{
    /// <summary>Letters, digits, '.', '_' and '-', at most 64 (it is recorded in every block header it proposes).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string NodeId { get; set; } = "node0";
}
