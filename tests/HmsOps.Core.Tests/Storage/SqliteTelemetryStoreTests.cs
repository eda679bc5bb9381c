using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Storage;

public sealed class SqliteTelemetryStoreTests : IDisposable
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_field_of_a_log_and_a_span_reads_back_as_written_including_absent_ids()
    {
        using var store = new SqliteTelemetryStore(Path.Combine(_dir.Path, "telemetry.db"));
        LogEvent[] logs =
        [
            new(1_000, LogLevel.Security, "login refused", "api-gw", null, null, "{}"),
            new(2_000, LogLevel.Error, "claim failed: \"dup\"", "claims-api", TraceId, "00f067aa0ba902b7", "{\"route\":\"/claims\",\"ms\":12.5}"),
        ];
        SpanEvent[] spans =
        [
            new(TraceId, "00f067aa0ba902b7", null, "api-gw", "POST /claims", 1_000_000, 25_000, SpanStatus.Ok, "{}"),
            new(TraceId, "b7ad6b7169203331", "00f067aa0ba902b7", "claims-api", "INSERT claim", 1_005_000, 12_500, SpanStatus.Error, "{\"db\":\"claims\"}"),
        ];

        store.Write(7, logs, spans);

        Assert.Equal(logs.Reverse(), store.QueryLogs(null, null, 0, long.MaxValue, 10));
        Assert.Equal(spans, store.GetTrace(TraceId));
        Assert.Equal(7, store.AppliedSequence);
    }

    [Fact]
    public void Text_of_any_size_and_script_reads_back_as_written()
    {
        using var store = new SqliteTelemetryStore(Path.Combine(_dir.Path, "telemetry.db"));
        var huge = "{\"sql\":\"" + new string('x', 300_000) + "\"}"; // past the writer's reused encoding buffer
        SpanEvent[] spans =
        [
            new(TraceId, "00f067aa0ba902b7", null, "żółw-svc", "GET /zahlungen/ü — 💳", 1_000_000, 25_000, SpanStatus.Ok, "{\"note\":\"日本語\"}"),
            new(TraceId, "b7ad6b7169203331", "00f067aa0ba902b7", "claims-db", "SELECT", 1_005_000, 12_500, SpanStatus.Ok, huge),
            new(TraceId, "53995c3f42cd8ad8", "00f067aa0ba902b7", "a", "", 1_006_000, 1, SpanStatus.Ok, "{}"),
        ];

        store.Write(1, [], spans);

        Assert.Equal(spans, store.GetTrace(TraceId));
    }

    [Fact]
    public void A_span_written_again_replaces_the_first_copy_and_the_sequence_only_goes_up()
    {
        using var store = new SqliteTelemetryStore(Path.Combine(_dir.Path, "telemetry.db"));
        var first = new SpanEvent(TraceId, "00f067aa0ba902b7", null, "api-gw", "POST /claims", 1_000_000, 25_000, SpanStatus.Ok, "{}");
        var again = first with { DurationMicros = 30_000, Status = SpanStatus.Error };

        store.Write(5, [], [first]);
        store.Write(3, [], [again]);

        Assert.Equal([again], store.GetTrace(TraceId));
        Assert.Equal(5, store.AppliedSequence);
        Assert.Equal(0, store.CountLogs());
    }

    [Fact]
    public void A_trace_whose_spans_were_all_deleted_and_that_is_sent_again_reads_back_only_its_new_spans()
    {
        using var store = new SqliteTelemetryStore(Path.Combine(_dir.Path, "telemetry.db"));
        var old = new SpanEvent(TraceId, "00f067aa0ba902b7", null, "api-gw", "POST /claims", 1_000_000, 25_000, SpanStatus.Ok, "{}");
        var other = new SpanEvent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "ach-svc", "transfer", 5_000_000_000, 1_000, SpanStatus.Ok, "{}");
        store.Write(1, [], [old, other]);

        Assert.Equal((0L, 1L), store.Prune(cutoffMs: 2_000_000, long.MaxValue, long.MaxValue));
        var again = old with { SpanId = "c0ffee0000000001", StartUnixMicros = 9_000_000_000 };
        store.Write(2, [], [again]);

        Assert.Equal([again], store.GetTrace(TraceId));
        Assert.Equal([other], store.GetTrace(other.TraceId));
    }
}
