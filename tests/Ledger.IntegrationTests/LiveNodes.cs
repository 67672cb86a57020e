using Grpc.Core;
using Ledger.Client;
using Ledger.Core;
using Ledger.Protos.V1;

namespace Ledger.IntegrationTests;

/// <summary>
/// The running node processes of a cluster test, by name, and the waits the cluster tests share:
/// an agreed leader, a transaction committed through elections, agreed heads. Disposing kills them.
/// </summary>
internal sealed class LiveNodes(TimeSpan patience) : IDisposable
{
    private readonly Dictionary<string, NodeProcess> _nodes = new(StringComparer.Ordinal);
    private int _registrations;

    public NodeProcess this[string name] => _nodes[name];

    public IReadOnlyCollection<string> Names => _nodes.Keys;

    public IEnumerable<NodeProcess> All => _nodes.Values;

    public int Count => _nodes.Count;

    public bool Contains(string name) => _nodes.ContainsKey(name);

    public void Add(string name, NodeProcess node) => _nodes[name] = node;

    /// <summary>SIGKILL, and the node is no longer live.</summary>
    public void Kill(string name)
    {
        _nodes[name].Dispose();
        _nodes.Remove(name);
    }

    public Task<StatusResponse> StatusAsync(string name) => _nodes[name].Client.StatusAsync(CancellationToken.None);

    public async Task<StatusResponse?> StatusOrNullAsync(string name)
    {
        try
        {
            return await StatusAsync(name);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>The live leader every live node agrees on (right after a crash they may still name the dead one).</summary>
    public async Task<string> LeaderAsync()
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var statuses = await Task.WhenAll(_nodes.Keys.Select(StatusOrNullAsync));
            if (statuses.All(s => s is not null) && statuses.Select(s => s!.Leader).Distinct().Count() == 1 && _nodes.ContainsKey(statuses[0]!.Leader))
            {
                return statuses[0]!.Leader;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the live nodes did not agree on a leader in time");
    }

    /// <summary>
    /// Submits a transaction through <paramref name="name"/> until it is in a block, as a client does:
    /// while an election runs it resubmits; when it saw no commit, or the node holds the transaction
    /// already, it looks the transaction up.
    /// </summary>
    /// <returns>Its validation code, or the status code of a refusal that no retry changes.</returns>
    public async Task<string> CommitAsync(string name, Hash32 txId, SignedTransaction tx)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                var response = await _nodes[name].Client.SubmitAsync(tx, waitForCommit: true, 20_000, CancellationToken.None);
                if (response.Committed)
                {
                    return response.ValidationCode;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.AlreadyExists && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.AlreadyExists))
            {
                return e.StatusCode.ToString();
            }

            if (await FindAsync(name, txId.ToHex()) is { } found)
            {
                return found.ValidationCode;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{txId} not committed in time");
            await Task.Delay(200);
        }
    }

    /// <summary>The registration of a machine not registered before in this test.</summary>
    public (Hash32 TxId, SignedTransaction Tx) NewRegistration(TransactionBuilder builder) =>
        builder.Build("equipment", "Register", $"{{\"pin\":\"LIVE-{Interlocked.Increment(ref _registrations)}\",\"manufacturer\":\"Sany\",\"model\":\"M\",\"category\":\"excavator\"}}");

    /// <summary>Registers <paramref name="count"/> new machines through <paramref name="name"/>, each until it is in a block, valid.</summary>
    /// <returns>The txIds, in order.</returns>
    public async Task<IReadOnlyList<string>> RegisterAsync(string name, TransactionBuilder builder, int count)
    {
        var txIds = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var (txId, tx) = NewRegistration(builder);
            Assert.Equal("Valid", await CommitAsync(name, txId, tx));
            txIds.Add(txId.ToHex());
        }

        return txIds;
    }

    public async Task<TransactionRecord?> FindAsync(string name, string txId)
    {
        try
        {
            return (await _nodes[name].Client.GetTransactionAsync(txId, CancellationToken.None)).Transaction;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The live nodes' statuses once they agree on height, last block hash and state root (or when patience ran out).</summary>
    public async Task<StatusResponse[]> AgreedStatusesAsync()
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var statuses = await Task.WhenAll(_nodes.Keys.Select(StatusAsync));
            if (Heads(statuses).Distinct().Count() == 1 || DateTime.UtcNow > deadline)
            {
                return statuses;
            }

            await Task.Delay(100);
        }
    }

    public static IEnumerable<(ulong Height, string LastBlockHash, string StateRoot)> Heads(IEnumerable<StatusResponse> statuses) =>
        statuses.Select(s => (s.Height, Convert.ToHexString(s.LastBlockHash.Span), Convert.ToHexString(s.StateRoot.Span)));

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }

        _nodes.Clear();
    }
}
