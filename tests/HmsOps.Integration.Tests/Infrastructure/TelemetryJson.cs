using System.Text;
using System.Text.Json;

namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>Builds ingest events in the public wire format: <c>{"type": ..., "payload": {...}}</c>.</summary>
public static class TelemetryJson
{
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static object Log(string service, string message, string level = "info", string? traceId = null) => new
    {
        type = "log",
        payload = traceId is null
            ? (object)new { timestamp = NowMs, level, message, service }
            : new { timestamp = NowMs, level, message, service, traceId },
    };

    public static object Span(string service, string traceId, string spanId, string? parentSpanId = null, double durationMs = 12.5) => new
    {
        type = "trace",
        payload = new { traceId, spanId, parentSpanId, service, name = "GET /test", start = NowMs, durationMs },
    };

    public static object Counter(string name, double value, params (string Name, string Value)[] labels) => new
    {
        type = "metric",
        payload = new { name, kind = "counter", value, labels = labels.ToDictionary(l => l.Name, l => l.Value) },
    };

    public static object Gauge(string name, double value, params (string Name, string Value)[] labels) => new
    {
        type = "metric",
        payload = new { name, kind = "gauge", value, labels = labels.ToDictionary(l => l.Name, l => l.Value) },
    };

    public static string Array(IEnumerable<object> events) => JsonSerializer.Serialize(events);

    public static string Single(object item) => JsonSerializer.Serialize(item);

    public static string NdJson(IEnumerable<object> events)
    {
        var builder = new StringBuilder();
        foreach (var item in events)
        {
            builder.Append(JsonSerializer.Serialize(item)).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>A W3C trace id (32 hex digits) that is different every call.</summary>
    public static string NewTraceId() => Guid.NewGuid().ToString("N");

    /// <summary>A W3C span id (16 hex digits), never all zeros.</summary>
    public static string SpanId(int number) => (number + 1).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
