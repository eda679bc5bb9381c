using HmsOps.Core.Archive;
using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Storage;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using static HmsOps.Integration.Tests.Incidents.IncidentHttp;

namespace HmsOps.Integration.Tests.Incidents;

/// <summary>
/// An incident outlives the telemetry hot window: its timeline names a trace by id, the trace has since moved to the
/// archive, and the link the timeline gives still opens it.
/// </summary>
public sealed class IncidentArchiveLinkTests : IDisposable
{
    private const string TraceId = "1ec1de0000000000000000000000beef";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "hmsops-incident-archive-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_forty_day_old_incidents_trace_link_still_opens_the_trace_from_the_archive()
    {
        var opened = DateTimeOffset.UtcNow.AddDays(-40);
        await ArchiveAnOldTraceAsync(opened);
        var id = RecordAnOldIncident(opened);

        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" }, dataPath: _dataPath);
        await console.StartAndWaitUntilReadyAsync();
        using var client = console.CreateClient(withApiKey: false);

        var detail = await GetAsync(client, $"/api/incidents/{id}");
        var traceEntry = Timeline(detail).Single(e => e.GetProperty("source").GetString() == "traces");
        var link = traceEntry.GetProperty("link").GetString()!;
        Assert.Equal($"/traces/{TraceId}", link);
        Assert.Equal(TraceId, traceEntry.GetProperty("ref").GetString());

        var trace = await GetAsync(client, "/api" + link);
        Assert.True(trace.GetProperty("fromArchive").GetBoolean());
        Assert.Contains("POST /ach/transfer", trace.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    private string RecordAnOldIncident(DateTimeOffset opened)
    {
        using var store = new SqliteIncidentStore(Path.Combine(_dataPath, SqliteIncidentStore.FileName), 100);
        var (incident, _) = store.Insert(new Incident
        {
            Id = "",
            Title = "ACH transfers slow",
            Severity = "critical",
            State = IncidentState.Resolved,
            Services = ["ach-svc"],
            OpenedAt = opened,
            OpenedBy = "alert:ACHLatencyHigh",
            ResolvedAt = opened.AddMinutes(30),
            ResolvedBy = "lead1",
        }, [TimelineEntry.Draft("", opened.AddMinutes(1), TimelineSource.Traces, "console", "Slowest trace on ach-svc: 1100 ms", $"/traces/{TraceId}", TraceId)]);
        return incident.Id;
    }

    /// <summary>The trace written to the hot store 40 days ago, then moved out by the archive job, as the nightly run does.</summary>
    private async Task ArchiveAnOldTraceAsync(DateTimeOffset start)
    {
        Directory.CreateDirectory(_dataPath);
        using var store = new SqliteTelemetryStore(Path.Combine(_dataPath, "telemetry.db"));
        var startUs = start.ToUnixTimeMilliseconds() * 1000;
        store.Write(0,
            // A recent log too: the archive keeps the newest row in the hot store (so row ids never restart).
            [new LogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Core.Telemetry.LogLevel.Info, "prepared", "test", null, null, "{}")],
            [
                new SpanEvent(TraceId, "00000000000000a1", null, "api-gw", "POST /payments", startUs, 1_200_000, SpanStatus.Ok, "{}"),
                new SpanEvent(TraceId, "00000000000000c3", "00000000000000a1", "ach-svc", "POST /ach/transfer", startUs + 20_000, 1_100_000, SpanStatus.Ok, "{}"),
            ]);
        var archiver = new TelemetryArchiver(store, Path.Combine(_dataPath, "archive"), new RetentionOptions(), NullLogger<TelemetryArchiver>.Instance);
        var result = await archiver.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(2L, result.SpansDeleted);
        Assert.Empty(store.GetTrace(TraceId));
    }
}
