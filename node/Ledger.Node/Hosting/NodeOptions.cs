using System.ComponentModel.DataAnnotations;
using Ledger.Core.Consortium;

namespace Ledger.Node.Hosting;

/// <summary>Where the node keeps its data and how it starts (section <c>Node</c>).</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>The data folder: RocksDB under <c>db/</c>, genesis, identities, logs. <c>--data DIR</c> sets it.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>On a first run with no genesis in the data folder, create a dev consortium there.</summary>
    public bool CreateDevConsortium { get; set; } = true;

    /// <summary>Chain id of a dev consortium created on first run.</summary>
    [Required]
    [StringLength(128, MinimumLength = 1)]
    public string DevChainId { get; set; } = "ledger-dev";

    /// <summary>Transaction size limit written into a dev consortium's genesis.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int DevMaxTransactionBytes { get; set; } = ConsortiumLimits.DefaultMaxTransactionBytes;

    /// <summary>Largest gRPC request the node reads (a batch of transactions).</summary>
    [Range(64 * 1024, 512 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 64 * 1024 * 1024;
}
