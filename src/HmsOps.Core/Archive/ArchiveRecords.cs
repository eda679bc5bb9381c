using System.Text.Json;
using System.Text.Json.Serialization;
using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Archive;

/// <summary>
/// One archived log, one line of <c>logs.ndjson.gz</c>. The id is the hot store's row id, kept so paging continues
/// from the hot store into the archive. The JSON columns stay strings: archiving neither parses nor re-formats them.
/// </summary>
internal sealed record ArchivedLog(long Id, long TsMs, int Level, string Service, string Message, string? TraceId, string? SpanId, string Fields)
{
    public StoredLog ToStored() => new(Id, new LogEvent(TsMs, (LogLevel)Level, Message, Service, TraceId, SpanId, Fields));
}

/// <summary>One archived span, one line of <c>spans-{first hex digit of the trace id}.ndjson.gz</c>.</summary>
internal sealed record ArchivedSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Service, string Name, long StartUs, long DurationUs, int Status,
    string Attributes, int Kind, string? StatusMessage, string? Events, string? Links, string? Resource, string? Scope)
{
    public SpanEvent ToSpan() => new(TraceId, SpanId, ParentSpanId, Service, Name, StartUs, DurationUs, (SpanStatus)Status, Attributes)
    {
        Kind = (SpanKind)Kind,
        StatusMessage = StatusMessage,
        EventsJson = Events,
        LinksJson = Links,
        ResourceJson = Resource,
        ScopeJson = Scope,
    };
}

/// <summary>
/// The list of a day's archive files, written last (temp file, fsync, rename): a day directory without it is an
/// interrupted run, ignored by readers and rewritten by the next run.
/// </summary>
internal sealed record ArchiveManifest(
    int FormatVersion,
    string Day,
    long FromUnixMs,
    long ToUnixMs,
    DateTimeOffset WrittenAt,
    string TraceIdPartitioning,
    IReadOnlyList<ArchiveFile> Files)
{
    public const int CurrentFormat = 1;

    public const string Partitioning = "spans-<first hex digit of the trace id>.ndjson.gz";

    public IEnumerable<ArchiveFile> LogFiles => Files.Where(f => f.Kind == ArchiveFile.Logs);

    public IEnumerable<ArchiveFile> SpanFiles => Files.Where(f => f.Kind == ArchiveFile.Spans);
}

/// <summary>One gzip NDJSON file: its rows, time range, SHA-256 of its bytes and, for logs, the range of row ids.</summary>
internal sealed record ArchiveFile(
    string Name, string Kind, string? Partition, long Rows, long Bytes, string Sha256, long MinTimeMs, long MaxTimeMs, long? MinLogId, long? MaxLogId)
{
    public const string Logs = "logs";
    public const string Spans = "spans";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArchivedLog))]
[JsonSerializable(typeof(ArchivedSpan))]
[JsonSerializable(typeof(ArchiveManifest))]
internal sealed partial class ArchiveJson : JsonSerializerContext
{
    /// <summary>The manifest is indented: an operator reads it.</summary>
    public static readonly ArchiveJson Indented = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
