using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Collection;
using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Incidents;

public sealed class CollectorTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_minute_of_errors_well_above_the_baseline_is_a_spike_linking_to_that_minute_of_logs()
    {
        // Baseline: 30 errors over the 30 minutes before the window (1/min). In the window: 09:01 has 12, 09:02 has 2.
        var logs = new FakeLogs(
            [.. Errors(Opened.AddMinutes(-40), 30, TimeSpan.FromMinutes(1)), .. Errors(Opened.AddMinutes(1), 12, TimeSpan.FromSeconds(4)), .. Errors(Opened.AddMinutes(2), 2, TimeSpan.FromSeconds(10))]);
        var collector = new LogSpikeCollector(logs, new IncidentsOptions { SpikeMinErrors = 5, SpikeFactor = 3, SpikeBaselineWindow = TimeSpan.FromMinutes(30) });

        var entries = await collector.CollectAsync(new CollectionContext(Incident(), [], Opened.AddMinutes(5)), CancellationToken.None);

        var spike = Assert.Single(entries);
        Assert.Equal(TimelineSource.Logs, spike.Source);
        Assert.Equal(Opened.AddMinutes(1), spike.At);
        Assert.StartsWith("Error-log spike on ach-svc: 12 errors in the minute from 2026-12-05 09:01:00", spike.Text, StringComparison.Ordinal);
        Assert.Equal("/logs?service=ach-svc&level=error&from=2026-12-05T09:01&to=2026-12-05T09:02", spike.Link);
    }

    [Fact]
    public async Task The_minute_still_running_is_not_judged_and_the_bound_stops_spikes()
    {
        var logs = new FakeLogs([.. Errors(Opened.AddMinutes(4), 50, TimeSpan.FromSeconds(1))]);
        var collector = new LogSpikeCollector(logs, new IncidentsOptions { MaxSpikesPerIncident = 1 });

        Assert.Empty(await collector.CollectAsync(new CollectionContext(Incident(), [], Opened.AddMinutes(4).AddSeconds(59)), CancellationToken.None));
        Assert.Single(await collector.CollectAsync(new CollectionContext(Incident(), [], Opened.AddMinutes(5)), CancellationToken.None));
        TimelineEntry[] full = [new(1, "INC-2026-0001", Opened, TimelineSource.Logs, "console", "earlier spike")];
        Assert.Empty(await collector.CollectAsync(new CollectionContext(Incident(), full, Opened.AddMinutes(5)), CancellationToken.None));
    }

    [Fact]
    public async Task The_slowest_and_the_failing_traces_are_written_once_each_and_only_a_slower_one_later()
    {
        var traces = new FakeTraces
        {
            Found = [Trace("a", 3_100), Trace("b", 900, errors: 1), Trace("c", 2_900), Trace("d", 120)],
        };
        var collector = new TraceCollector(traces, new IncidentsOptions { SlowestTraces = 2, FailingTraces = 1 });

        var first = await collector.CollectAsync(new CollectionContext(Incident(), [], Opened.AddMinutes(5)), CancellationToken.None);

        Assert.Equal(["a", "c", "b"], first.OrderByDescending(e => e.Text.StartsWith("Slowest", StringComparison.Ordinal)).Select(e => e.Ref!.TrimStart('0')));
        var slowest = first.Single(e => e.Ref!.EndsWith('a'));
        Assert.Equal($"/traces/{Id("a")}", slowest.Link);
        Assert.Contains("took 3100 ms", slowest.Text, StringComparison.Ordinal);

        var written = first.Select((e, i) => new TimelineEntry(i + 1, "INC-2026-0001", e.At ?? Opened, e.Source, e.Actor, e.Text) { Ref = e.Ref, Link = e.Link }).ToList();
        traces.Found = [.. traces.Found, Trace("e", 2_000), Trace("f", 4_000)];
        var second = await collector.CollectAsync(new CollectionContext(Incident(), written, Opened.AddMinutes(6)), CancellationToken.None);

        Assert.Equal([Id("f")], second.Select(e => e.Ref));
    }

    private static Incident Incident() => new()
    {
        Id = "INC-2026-0001",
        Title = "ACH latency",
        Severity = "critical",
        State = IncidentState.Open,
        Services = ["ach-svc"],
        OpenedAt = Opened,
        OpenedBy = "alert:ACHLatencyHigh",
    };

    private static IEnumerable<LogEvent> Errors(DateTimeOffset from, int count, TimeSpan step) =>
        Enumerable.Range(0, count).Select(i => new LogEvent((from + step * i).ToUnixTimeMilliseconds(), LogLevel.Error, "rail timeout", "ach-svc", null, null, "{}"));

    private static string Id(string suffix) => suffix.PadLeft(32, '0');

    private static TraceSummary Trace(string suffix, long millis, int errors = 0) =>
        new(Id(suffix), Opened.AddMinutes(1).ToUnixTimeMilliseconds() * 1000, millis * 1000, 3, ["api-gw", "ach-svc"], errors, "api-gw", "POST /payments");

    private sealed class FakeLogs(IReadOnlyList<LogEvent> all) : ILogReader
    {
        public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
        {
            var found = all.Where(l => query.Services.Contains(l.Service) && query.Levels.Contains(l.Level)
                    && (query.From is null || l.TimestampMs >= query.From.Value.ToUnixTimeMilliseconds())
                    && (query.To is null || l.TimestampMs <= query.To.Value.ToUnixTimeMilliseconds()))
                .OrderByDescending(l => l.TimestampMs).Take(query.Limit).Select((l, i) => new StoredLog(i, l)).ToList();
            return Task.FromResult(new LogPage(found, null, false));
        }

        public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => throw new NotSupportedException();
    }

    private sealed class FakeTraces : ITraceReader
    {
        public IReadOnlyList<TraceSummary> Found { get; set; } = [];

        public Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken) => Task.FromResult(Found);

        public Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans) => throw new NotSupportedException();
    }
}
