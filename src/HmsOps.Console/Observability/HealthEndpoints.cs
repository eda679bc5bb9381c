using HmsOps.Core.Ingest;
using HmsOps.Core.Storage;

namespace HmsOps.Console.Observability;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: stores open and ingest not saturated.</summary>
    public static void MapHealth(this WebApplication app)
    {
        // Probes (kubelet, load balancers) carry no credentials.
        app.MapGet("/healthz", () => Results.Text("ok\n")).AllowAnonymous();
        app.MapGet("/readyz", (IngestPipeline pipeline, SqliteTelemetryStore sqlite) =>
        {
            var problems = new List<string>();
            if (!pipeline.IsRunning)
            {
                problems.Add("the ingest pipeline is not running");
            }
            if (pipeline.IsSaturated)
            {
                problems.Add("the ingest queue is full");
            }
            try
            {
                _ = sqlite.SchemaVersion;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
            {
                problems.Add("the SQLite store is not open: " + ex.Message);
            }
            return problems.Count == 0
                ? Results.Text("ready\n")
                : Results.Text("not ready: " + string.Join("; ", problems) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
    }
}
