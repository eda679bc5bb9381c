using HmsOps.Core.Archive;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Storage;

/// <summary>
/// A real embedded store in a temp folder with the reader, the archive and the archiver over it, at a fake "now";
/// rows are written straight to SQLite (the pipeline's writer does the same), so a test controls ids and times.
/// </summary>
internal sealed class TelemetryFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private long _sequence;

    public TelemetryFixture(int hotDays = 30)
    {
        Store = StoreFactory.Open(_dir.Path);
        Retention = new RetentionOptions { HotDays = hotDays };
        Time = new FakeTimeProvider(Now);
        Feed = new TelemetryFeed(Store.Pipeline);
        Archive = new TelemetryArchive(_dir.Combine("archive"));
        Archiver = new TelemetryArchiver(Store.Sqlite, Archive.ArchivePath, Retention, NullLogger<TelemetryArchiver>.Instance);
        Reader = new SqliteTelemetryReader(Store.Sqlite, Feed, Archive, Retention, Time);
    }

    public EmbeddedStore Store { get; }

    public RetentionOptions Retention { get; }

    public FakeTimeProvider Time { get; }

    public TelemetryFeed Feed { get; }

    public TelemetryArchive Archive { get; }

    public TelemetryArchiver Archiver { get; }

    public SqliteTelemetryReader Reader { get; }

    public string ArchivePath => Archive.ArchivePath;

    public void Write(IReadOnlyList<LogEvent> logs, IReadOnlyList<SpanEvent> spans) => Store.Sqlite.Write(++_sequence, logs, spans);

    public void Write(params LogEvent[] logs) => Write(logs, []);

    public void Write(params SpanEvent[] spans) => Write([], spans);

    public static long DaysAgoMs(double days) => Now.AddDays(-days).ToUnixTimeMilliseconds();

    public static LogEvent Log(string message, long? tsMs = null, string service = "api-gw", LogLevel level = LogLevel.Info,
        string? traceId = null, string fields = "{}") =>
        new(tsMs ?? Now.ToUnixTimeMilliseconds(), level, message, service, traceId, null, fields);

    public static SpanEvent Span(string traceId, string spanId, string? parent, string service, string name, long startMs, long durationMs,
        SpanStatus status = SpanStatus.Ok) =>
        new(traceId, spanId, parent, service, name, startMs * 1000, durationMs * 1000, status, "{}");

    public static string TraceId(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    public static string SpanId(int n) => n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Feed.Dispose();
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
