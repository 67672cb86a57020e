using Ledger.State;

namespace Ledger.Node.Hosting;

/// <summary>
/// Liveness and readiness. Live while the process serves requests. Ready once the host has started
/// with the ledger open at its head (and ordering running), until the host begins to stop. Under
/// consensus, ready will also mean caught up with the leader.
/// </summary>
public sealed class NodeHealth(LedgerStore ledger, IHostApplicationLifetime lifetime)
{
    public bool IsReady =>
        lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested && ledger.Head is not null;

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
