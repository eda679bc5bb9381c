using System.Text.Json;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;

namespace HmsOps.Console.Traces;

/// <summary>The trace API's JSON. Attributes, events, links, resource and scope are stored as JSON text and written as JSON, not as strings.</summary>
internal static class TraceJson
{
    public static void WriteTrace(Utf8JsonWriter w, TraceLookup trace)
    {
        var spans = trace.Spans;
        var start = spans.Min(s => s.StartUnixMicros);
        var end = spans.Max(s => s.StartUnixMicros + s.DurationMicros);
        var root = spans.FirstOrDefault(s => s.ParentSpanId is null) ?? spans[0];
        w.WriteStartObject();
        w.WriteString("traceId", trace.TraceId);
        w.WriteBoolean("fromArchive", trace.FromArchive);
        w.WriteString("link", "/traces/" + trace.TraceId);
        w.WriteStartObject("summary");
        w.WriteString("start", Rfc3339(start));
        w.WriteNumber("startUnixMicros", start);
        w.WriteNumber("durationMicros", end - start);
        w.WriteNumber("spanCount", spans.Count);
        WriteStrings(w, "services", spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        w.WriteNumber("errorCount", spans.Count(s => s.Status == SpanStatus.Error));
        w.WriteString("rootService", root.Service);
        w.WriteString("rootName", root.Name);
        w.WriteEndObject();
        w.WriteStartArray("spans");
        foreach (var span in spans)
        {
            WriteSpan(w, span);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteSearch(Utf8JsonWriter w, TraceQuery query, IReadOnlyList<TraceSummary> traces)
    {
        w.WriteStartObject();
        w.WriteString("start", Rfc3339(query.Start.ToUnixTimeMilliseconds() * 1000));
        w.WriteString("end", Rfc3339(query.End.ToUnixTimeMilliseconds() * 1000));
        w.WriteNumber("limit", query.Limit);
        w.WriteStartArray("traces");
        foreach (var t in traces)
        {
            w.WriteStartObject();
            w.WriteString("traceId", t.TraceId);
            w.WriteString("start", Rfc3339(t.StartUnixMicros));
            w.WriteNumber("startUnixMicros", t.StartUnixMicros);
            w.WriteNumber("durationMicros", t.DurationMicros);
            w.WriteNumber("spanCount", t.SpanCount);
            WriteStrings(w, "services", t.Services);
            w.WriteNumber("errorCount", t.ErrorCount);
            w.WriteString("rootService", t.RootService);
            w.WriteString("rootName", t.RootName);
            w.WriteString("link", "/traces/" + t.TraceId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter w, SpanEvent span)
    {
        w.WriteStartObject();
        w.WriteString("traceId", span.TraceId);
        w.WriteString("spanId", span.SpanId);
        if (span.ParentSpanId is null)
        {
            w.WriteNull("parentSpanId");
        }
        else
        {
            w.WriteString("parentSpanId", span.ParentSpanId);
        }
        w.WriteString("service", span.Service);
        w.WriteString("name", span.Name);
        w.WriteString("kind", span.Kind == SpanKind.Unspecified ? "internal" : span.Kind.ToString().ToLowerInvariant());
        w.WriteString("start", Rfc3339(span.StartUnixMicros));
        w.WriteNumber("startUnixMicros", span.StartUnixMicros);
        w.WriteNumber("durationMicros", span.DurationMicros);
        w.WriteString("status", span.Status == SpanStatus.Error ? "error" : "ok");
        if (span.StatusMessage is null)
        {
            w.WriteNull("statusMessage");
        }
        else
        {
            w.WriteString("statusMessage", span.StatusMessage);
        }
        Raw(w, "attributes", span.AttributesJson, "{}");
        Raw(w, "events", span.EventsJson, "[]");
        Raw(w, "links", span.LinksJson, "[]");
        Raw(w, "resource", span.ResourceJson, "{}");
        Raw(w, "scope", span.ScopeJson, "null");
        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, string name, string? json, string empty)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(string.IsNullOrWhiteSpace(json) ? empty : json);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    /// <summary>Microsecond precision: spans of one request often start within the same millisecond.</summary>
    internal static string Rfc3339(long unixMicros) =>
        DateTime.UnixEpoch.AddTicks(unixMicros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
