using Ledger.Consensus.Raft;
using Ledger.State;

namespace Ledger.Node.Hosting;

/// <summary>
/// Liveness and readiness. Live while the process serves requests. Ready once the host has started
/// with the ledger open at its head (and ordering running), until the host begins to stop. Under
/// consensus, ready also means a leader is known and this node applied every entry it knows committed.
/// </summary>
public sealed class NodeHealth(LedgerStore ledger, IHostApplicationLifetime lifetime, IServiceProvider services)
{
    public bool IsReady =>
        lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested && ledger.Head is not null && CaughtUp;

    /// <summary>Alone, always; in a cluster, when there is a leader and this node applied every entry it knows committed.</summary>
    private bool CaughtUp => services.GetService<RaftNode>() is not { } raft || (raft.Leader is not null && raft.LogIndexes.Applied >= raft.LogIndexes.Committed);

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapGet("/readyz", (NodeHealth health, LedgerStore ledger) =>
        {
            var ready = health.IsReady;
            return Results.Json(
                new { status = ready ? "ready" : "not ready", height = ledger.Head?.Height },
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
