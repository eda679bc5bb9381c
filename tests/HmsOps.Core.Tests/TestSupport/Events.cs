using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.TestSupport;

/// <summary>Validated events as the parser would produce them, for tests that start after parsing.</summary>
internal static class Events
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static long NowMs => Now.ToUnixTimeMilliseconds();

    public const string JobsMetric = "hms_jobs_total";

    public static MetricEvent Counter(string job, double increment = 1, long? timestampMs = null) =>
        new(JobsMetric, MetricKind.Counter, increment, LabelSet.From(("job", job)), timestampMs ?? NowMs);

    public static MetricEvent Gauge(string name, double value, long timestampMs, params (string Name, string Value)[] labels) =>
        new(name, MetricKind.Gauge, value, LabelSet.From(labels), timestampMs);

    public static LogEvent Log(string message, string service = "claims-api", long? timestampMs = null) =>
        new(timestampMs ?? NowMs, LogLevel.Info, message, service, null, null, "{}");

    public static SpanEvent Span(string traceId, string spanId, string? parentSpanId = null, string name = "POST /claims") =>
        new(traceId, spanId, parentSpanId, "claims-api", name, NowMs * 1000, 12_500, SpanStatus.Ok, "{}");
}
