using HmsOps.Core.Logs;
using HmsOps.Core.Tests.Storage;
using static HmsOps.Core.Tests.Storage.TelemetryFixture;

namespace HmsOps.Core.Tests.Archive;

public sealed class ArchiveEdgeTests : IAsyncLifetime
{
    private readonly TelemetryFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Logs_written_after_everything_was_archived_never_reuse_an_archived_id()
    {
        _f.Write(Log("old 1", DaysAgoMs(40)), Log("old 2", DaysAgoMs(40)), Log("old 3", DaysAgoMs(40)));
        await _f.Archiver.RunAsync(Now, CancellationToken.None);
        _f.Write(Log("new 1"), Log("new 2"));

        var ids = new List<long>();
        var messages = new List<string>();
        long? before = null;
        do
        {
            var page = await _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-60), Limit = 2, BeforeId = before }, CancellationToken.None);
            ids.AddRange(page.Logs.Select(l => l.Id));
            messages.AddRange(page.Logs.Select(l => l.Log.Message));
            before = page.NextBeforeId;
        }
        while (before is not null);

        Assert.Equal(["new 2", "new 1", "old 3", "old 2", "old 1"], messages);
        Assert.Equal(ids.Distinct().OrderDescending(), ids);
    }

    [Fact]
    public async Task A_trace_cut_by_the_archive_at_midnight_is_read_whole()
    {
        // The hot window starts 2026-11-05 12:00; 2026-11-04 is archived, the child starting after midnight stays hot.
        var midnight = new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        _f.Write(
            Span(TraceId(5), SpanId(1), null, "api-gw", "POST /batch", midnight - 100, 400),
            Span(TraceId(5), SpanId(2), SpanId(1), "ach-svc", "settle", midnight + 50, 200));
        await _f.Archiver.RunAsync(Now, CancellationToken.None);
        Assert.Equal(1, _f.Store.Sqlite.CountSpans());

        var trace = await _f.Reader.GetTraceAsync(TraceId(5), CancellationToken.None);

        Assert.NotNull(trace);
        Assert.True(trace.FromArchive);
        Assert.Equal(["POST /batch", "settle"], trace.Spans.Select(s => s.Name));
    }
}
