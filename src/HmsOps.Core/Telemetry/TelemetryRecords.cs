namespace HmsOps.Core.Telemetry;

public enum MetricKind
{
    Counter,
    Gauge,
    Timing,
    Histogram,

    /// <summary>
    /// A counter whose value is the running total itself (OTLP cumulative sums and histogram parts), so a
    /// sample sets the series rather than adding to it. Appended last: the write-ahead log stores the number.
    /// </summary>
    CumulativeCounter,
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

/// <summary>OTLP's span kinds, with OTLP's numbers (0 is "unspecified", shown as internal).</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
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

/// <summary>
/// One span. Ids are lower-case hex: 32 digits for the trace, 16 for spans. The optional parts come from
/// OTLP (the JSON ingest API has none of them); each JSON text is null when the span has none.
/// </summary>
public sealed record SpanEvent(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    long StartUnixMicros,
    long DurationMicros,
    SpanStatus Status,
    string AttributesJson) : TelemetryEvent
{
    public SpanKind Kind { get; init; }

    /// <summary>OTLP <c>status.message</c>: why the span failed, as the instrumented code said.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>JSON array of <c>{"timeUnixMicros": n, "name": s, "attributes": {…}}</c>.</summary>
    public string? EventsJson { get; init; }

    /// <summary>JSON array of <c>{"traceId": hex32, "spanId": hex16, "attributes": {…}}</c>.</summary>
    public string? LinksJson { get; init; }

    /// <summary>JSON object of the resource's attributes (<c>service.name</c>, <c>host.name</c>, …).</summary>
    public string? ResourceJson { get; init; }

    /// <summary>JSON object <c>{"name": s, "version": s, "attributes": {…}}</c> of the instrumentation scope.</summary>
    public string? ScopeJson { get; init; }
}
