namespace HmsOps.Core.Telemetry;

public enum MetricKind
{
    Counter,
    Gauge,
    Timing,
    Histogram,
}

public enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
    Security,
}

public enum SpanStatus
{
    Ok,
    Error,
}

/// <summary>One validated event, ready for the write-ahead log and the stores.</summary>
public abstract record TelemetryEvent;

/// <summary>A metric observation. <see cref="Labels"/> never contains <c>__name__</c>.</summary>
public sealed record MetricEvent(string Name, MetricKind Kind, double Value, LabelSet Labels, long TimestampMs) : TelemetryEvent;

/// <summary>A log line. <see cref="FieldsJson"/> holds every extra field as a JSON object.</summary>
public sealed record LogEvent(
    long TimestampMs,
    LogLevel Level,
    string Message,
    string Service,
    string? TraceId,
    string? SpanId,
    string FieldsJson) : TelemetryEvent;

/// <summary>One span. Ids are lower-case hex: 32 digits for the trace, 16 for spans.</summary>
public sealed record SpanEvent(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    long StartUnixMicros,
    long DurationMicros,
    SpanStatus Status,
    string AttributesJson) : TelemetryEvent;
