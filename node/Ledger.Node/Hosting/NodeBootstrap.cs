using Ledger.Core.Blocks;
using Ledger.Core.Consortium;
using Ledger.State;
using Ledger.Storage.RocksDb;
using Microsoft.Extensions.Options;

namespace Ledger.Node.Hosting;

/// <summary>
/// Opens the node's store and makes sure it holds a chain: the genesis in the store, else the
/// <c>genesis.block</c> file of the data folder, else (when allowed) a new dev consortium.
/// </summary>
public sealed class NodeBootstrap(IOptions<NodeOptions> options, TimeProvider time, ILogger<NodeBootstrap> logger)
{
    public LedgerStore OpenLedger()
    {
        var o = options.Value;
        var dataDirectory = Path.GetFullPath(o.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var store = RocksDbKeyValueStore.Open(Path.Combine(dataDirectory, "db"));
        try
        {
            var ledger = new LedgerStore(store);
            if (ledger.Head is null)
            {
                ledger.InitializeGenesis(LoadOrCreateGenesis(o, dataDirectory));
            }

            return ledger;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private Block LoadOrCreateGenesis(NodeOptions o, string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, DevConsortium.GenesisFile);
        if (File.Exists(file))
        {
            var genesis = Block.Decode(File.ReadAllBytes(file));
            Genesis.ReadConfig(genesis);
            return genesis;
        }

        if (!o.CreateDevConsortium)
        {
            throw new InvalidOperationException($"no chain in {dataDirectory}: put a genesis.block there or enable Node:CreateDevConsortium");
        }

        var created = DevConsortium.Create(dataDirectory, o.DevChainId, o.DevMaxTransactionBytes, time.GetUtcNow());
        NodeLog.DevConsortiumCreated(logger, o.DevChainId, DevConsortium.Orgs.Count, dataDirectory);
        return created;
    }

    public static ConsortiumConfig ReadConfig(LedgerStore ledger) =>
        Genesis.ReadConfig(ledger.Genesis ?? throw new InvalidOperationException("the store has no genesis block"));
}
