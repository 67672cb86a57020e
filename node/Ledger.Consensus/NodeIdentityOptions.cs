using System.ComponentModel.DataAnnotations;

namespace Ledger.Consensus;

/// <summary>This node's name on the chain (the proposer of the blocks it cuts).</summary>
public sealed class NodeIdentityOptions
{
    [Required]
    [StringLength(128, MinimumLength = 1)]
    public string NodeId { get; set; } = "node0";
}
