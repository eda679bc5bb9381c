using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using static HmsOps.Core.Tests.Storage.TelemetryFixture;

namespace HmsOps.Core.Tests.Storage;

public sealed class TraceSearchTests : IAsyncLifetime
{
    private static readonly long T0 = Now.ToUnixTimeMilliseconds() - 60_000;
    private readonly TelemetryFixture _f = new();

    public Task InitializeAsync()
    {
        // 1: gw → claims-api → db, 300 ms, an error in the db. 2: gw only, 50 ms. 3: gw → ach, 900 ms, newest.
        _f.Write(
            Span(TraceId(1), SpanId(1), null, "api-gw", "POST /claims", T0, 300),
            Span(TraceId(1), SpanId(2), SpanId(1), "claims-api", "create claim", T0 + 10, 250),
            Span(TraceId(1), SpanId(3), SpanId(2), "claims-db", "INSERT claim", T0 + 20, 200, SpanStatus.Error),
            Span(TraceId(2), SpanId(4), null, "api-gw", "GET /health", T0 + 1_000, 50),
            Span(TraceId(3), SpanId(5), null, "api-gw", "POST /ach", T0 + 2_000, 900),
            Span(TraceId(3), SpanId(6), SpanId(5), "ach-svc", "transfer", T0 + 2_100, 700));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<string[]> Search(TraceQuery query) =>
        (await _f.Reader.SearchAsync(query, CancellationToken.None)).Select(t => t.TraceId).ToArray();

    private static TraceQuery LastHour => new(Now.AddHours(-1), Now);

    [Fact]
    public async Task A_summary_shows_start_duration_spans_services_errors_and_root()
    {
        var summary = (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(1));

        Assert.Equal(T0 * 1000, summary.StartUnixMicros);
        Assert.Equal(300_000, summary.DurationMicros);
        Assert.Equal(3, summary.SpanCount);
        Assert.Equal(["api-gw", "claims-api", "claims-db"], summary.Services);
        Assert.Equal(1, summary.ErrorCount);
        Assert.Equal(("api-gw", "POST /claims"), (summary.RootService, summary.RootName));
    }

    [Fact]
    public async Task Results_are_newest_first_and_limited()
    {
        Assert.Equal([TraceId(3), TraceId(2), TraceId(1)], await Search(LastHour));
        Assert.Equal([TraceId(3)], await Search(LastHour with { Limit = 1 }));
    }

    [Fact]
    public async Task Filters_on_service_operation_duration_errors_and_window()
    {
        Assert.Equal([TraceId(1)], await Search(LastHour with { Service = "claims-db" }));
        Assert.Equal([TraceId(3)], await Search(LastHour with { Service = "ach-svc", Operation = "transfer" }));
        Assert.Empty(await Search(LastHour with { Service = "ach-svc", Operation = "INSERT claim" }));
        Assert.Equal([TraceId(3), TraceId(1)], await Search(LastHour with { MinDurationMicros = 300_000 }));
        Assert.Equal([TraceId(1)], await Search(LastHour with { ErrorsOnly = true }));
        Assert.Empty(await Search(LastHour with { ErrorsOnly = true, Service = "api-gw" }));
        Assert.Equal([TraceId(1)], await Search(new TraceQuery(Now.AddHours(-1), DateTimeOffset.FromUnixTimeMilliseconds(T0 + 500))));
    }

    [Fact]
    public async Task A_late_span_updates_the_trace_summary()
    {
        _f.Write(Span(TraceId(2), SpanId(9), SpanId(4), "claims-api", "late", T0 + 1_020, 400, SpanStatus.Error));

        var summary = (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(2));

        Assert.Equal((2, 1, 420_000L), (summary.SpanCount, summary.ErrorCount, summary.DurationMicros));
        Assert.Equal(["api-gw", "claims-api"], summary.Services);
    }

    [Fact]
    public async Task A_span_sent_twice_is_counted_once()
    {
        _f.Write(Span(TraceId(2), SpanId(4), null, "api-gw", "GET /health", T0 + 1_000, 50));

        Assert.Equal(1, (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(2)).SpanCount);
    }

    [Fact]
    public async Task A_trace_whose_services_export_separately_is_summarised_as_one_with_its_late_root()
    {
        // Each service exports its own spans, so the root (from the gateway) can come last, in its own batch.
        _f.Write(Span(TraceId(7), SpanId(72), SpanId(71), "claims-api", "create claim", T0 + 3_010, 200));
        _f.Write(Span(TraceId(7), SpanId(73), SpanId(72), "claims-db", "INSERT claim", T0 + 3_020, 100, SpanStatus.Error));
        var beforeRoot = (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(7));
        Assert.Equal(("claims-api", 2), (beforeRoot.RootService, beforeRoot.SpanCount));

        _f.Write(Span(TraceId(7), SpanId(71), null, "api-gw", "POST /claims", T0 + 3_000, 400));

        var summary = (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(7));
        Assert.Equal(("api-gw", "POST /claims"), (summary.RootService, summary.RootName));
        Assert.Equal((3, 1, (T0 + 3_000) * 1000, 400_000L), (summary.SpanCount, summary.ErrorCount, summary.StartUnixMicros, summary.DurationMicros));
        Assert.Equal(["api-gw", "claims-api", "claims-db"], summary.Services);
    }

    [Fact]
    public async Task A_span_resent_with_another_outcome_replaces_its_first_copy_in_the_summary()
    {
        _f.Write(Span(TraceId(1), SpanId(3), SpanId(2), "claims-db", "INSERT claim", T0 + 20, 200, SpanStatus.Ok));

        var summary = (await _f.Reader.SearchAsync(LastHour, CancellationToken.None)).Single(t => t.TraceId == TraceId(1));
        Assert.Equal((3, 0), (summary.SpanCount, summary.ErrorCount));
        Assert.Empty(await Search(LastHour with { ErrorsOnly = true }));
    }

    [Fact]
    public async Task A_trace_by_id_comes_from_the_hot_store_and_an_unknown_id_is_null()
    {
        var trace = await _f.Reader.GetTraceAsync(TraceId(1), CancellationToken.None);

        Assert.NotNull(trace);
        Assert.False(trace.FromArchive);
        Assert.Equal(3, trace.Spans.Count);
        Assert.Null(await _f.Reader.GetTraceAsync(TraceId(99), CancellationToken.None));
    }
}
