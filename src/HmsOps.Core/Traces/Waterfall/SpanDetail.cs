using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces.Waterfall;

public sealed record SpanEventDetail(long OffsetMicros, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes);

public sealed record SpanLinkDetail(string TraceId, string SpanId, IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>Everything the span detail panel shows, read once from the span's JSON texts.</summary>
public sealed record SpanDetail(
    SpanEvent Span,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<SpanEventDetail> Events,
    IReadOnlyList<SpanLinkDetail> Links,
    IReadOnlyList<KeyValuePair<string, string>> Resource,
    string? ScopeName,
    string? ScopeVersion,
    IReadOnlyList<KeyValuePair<string, string>> ScopeAttributes)
{
    public string KindText => Span.Kind is SpanKind.Unspecified ? "internal" : Span.Kind.ToString().ToLowerInvariant();

    public static SpanDetail Of(SpanEvent span)
    {
        string? scopeName = null, scopeVersion = null;
        IReadOnlyList<KeyValuePair<string, string>> scopeAttributes = [];
        if (TryParse(span.ScopeJson) is { ValueKind: JsonValueKind.Object } scope)
        {
            scopeName = scope.TryGetProperty("name", out var n) ? SpanJson.Display(n) : null;
            scopeVersion = scope.TryGetProperty("version", out var v) ? SpanJson.Display(v) : null;
            scopeAttributes = scope.TryGetProperty("attributes", out var a) ? SpanJson.Flatten(a) : [];
        }
        var events = Array(span.EventsJson).Select(e => new SpanEventDetail(
            (e.TryGetProperty("timeUnixMicros", out var t) && t.TryGetInt64(out var micros) ? micros : span.StartUnixMicros) - span.StartUnixMicros,
            e.TryGetProperty("name", out var name) ? SpanJson.Display(name) : "",
            e.TryGetProperty("attributes", out var attributes) ? SpanJson.Flatten(attributes) : [])).ToList();
        var links = Array(span.LinksJson).Select(l => new SpanLinkDetail(
            l.TryGetProperty("traceId", out var trace) ? SpanJson.Display(trace) : "",
            l.TryGetProperty("spanId", out var spanId) ? SpanJson.Display(spanId) : "",
            l.TryGetProperty("attributes", out var attributes) ? SpanJson.Flatten(attributes) : [])).ToList();
        return new SpanDetail(span, SpanJson.Attributes(span.AttributesJson), events, links, SpanJson.Attributes(span.ResourceJson),
            scopeName, scopeVersion, scopeAttributes);
    }

    private static JsonElement? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<JsonElement> Array(string? json) =>
        TryParse(json) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];
}
