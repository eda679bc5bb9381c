using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Trace;
using HmsOps.Core.Telemetry;
using SpanKind = HmsOps.Core.Telemetry.SpanKind;

namespace HmsOps.Core.Otlp;

/// <summary>
/// Turns an OTLP trace export into spans. A span is refused on its own (partial success) for a missing or malformed
/// trace or span id, a malformed parent id, a missing name, missing or reversed times, or a start outside the
/// accepted window; its neighbours are kept.
/// </summary>
public sealed class OtlpTraceMapper(IngestLimits limits)
{
    private const int MaxNameLength = 1_024;

    public static long CountItems(ExportTraceServiceRequest request) =>
        request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => (long)s.Spans.Count));

    public OtlpMapResult Map(ExportTraceServiceRequest request, long nowMs)
    {
        var count = CountItems(request);
        if (count > limits.MaxEventsPerRequest)
        {
            return OtlpMapResult.Refused($"holds {count} spans; at most {limits.MaxEventsPerRequest} are accepted per request");
        }
        var json = new OtlpAttributes();
        var rejections = new RejectionLog("spans");
        var events = new List<TelemetryEvent>((int)count);
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var resource = OtlpResource.From(resourceSpans.Resource, json);
            var serviceProblem = resource.Service.Length > limits.MaxServiceNameLength
                ? $"resource attribute service.name is longer than {limits.MaxServiceNameLength} characters" : null;
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var scopeJson = OtlpResource.ScopeJson(scopeSpans.Scope, json);
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    var where = $"resourceSpans[{r}].scopeSpans[{s}].spans[{i}]";
                    if (serviceProblem is not null)
                    {
                        rejections.Reject(where, serviceProblem);
                        continue;
                    }
                    var mapped = MapSpan(scopeSpans.Spans[i], resource, scopeJson, json, nowMs, out var problem);
                    if (mapped is null)
                    {
                        rejections.Reject(where, problem!);
                        continue;
                    }
                    events.Add(mapped);
                }
            }
        }
        return new OtlpMapResult(events, rejections.Count, rejections.Message());
    }

    private SpanEvent? MapSpan(Span span, OtlpResource resource, string? scopeJson, OtlpAttributes json, long nowMs, out string? problem)
    {
        var traceId = OtlpIds.Hex(span.TraceId, OtlpIds.TraceIdBytes, out var idProblem);
        if (traceId is null)
        {
            problem = "traceId " + idProblem;
            return null;
        }
        var spanId = OtlpIds.Hex(span.SpanId, OtlpIds.SpanIdBytes, out idProblem);
        if (spanId is null)
        {
            problem = "spanId " + idProblem;
            return null;
        }
        var parentId = OtlpIds.OptionalHex(span.ParentSpanId, OtlpIds.SpanIdBytes, out idProblem);
        if (idProblem is not null)
        {
            problem = "parentSpanId " + idProblem;
            return null;
        }
        if (parentId == spanId)
        {
            problem = "a span cannot be its own parent";
            return null;
        }
        if (span.Name.Length == 0 || span.Name.Length > MaxNameLength)
        {
            problem = span.Name.Length == 0 ? "name is missing" : $"name is longer than {MaxNameLength} characters";
            return null;
        }
        if (span.StartTimeUnixNano == 0 || span.EndTimeUnixNano == 0)
        {
            problem = span.StartTimeUnixNano == 0 ? "startTimeUnixNano is missing" : "endTimeUnixNano is missing";
            return null;
        }
        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            problem = "endTimeUnixNano is before startTimeUnixNano";
            return null;
        }
        if (OtlpTime.OutsideWindow(OtlpTime.NanosToMillis(span.StartTimeUnixNano), nowMs, limits.LogAndSpanBackfillWindow, limits) is { } window)
        {
            problem = "startTimeUnixNano " + window;
            return null;
        }

        problem = null;
        var start = OtlpTime.NanosToMicros(span.StartTimeUnixNano);
        return new SpanEvent(traceId, spanId, parentId, resource.Service, span.Name, start,
            OtlpTime.NanosToMicros(span.EndTimeUnixNano) - start,
            span.Status?.Code == Status.Types.StatusCode.Error ? SpanStatus.Error : SpanStatus.Ok,
            json.Object(span.Attributes))
        {
            Kind = Enum.IsDefined((SpanKind)(int)span.Kind) ? (SpanKind)(int)span.Kind : SpanKind.Unspecified,
            StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            EventsJson = span.Events.Count == 0 ? null : json.Write(writer => WriteEvents(writer, span)),
            LinksJson = span.Links.Count == 0 ? null : json.Write(writer => WriteLinks(writer, span)),
            ResourceJson = resource.ResourceJson,
            ScopeJson = scopeJson,
        };
    }

    private static void WriteEvents(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray();
        foreach (var item in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber("timeUnixMicros", OtlpTime.NanosToMicros(item.TimeUnixNano));
            writer.WriteString("name", item.Name);
            writer.WritePropertyName("attributes");
            OtlpAttributes.WriteObject(writer, item.Attributes);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Links with malformed ids are left out: there is nothing they could point to.</summary>
    private static void WriteLinks(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray();
        foreach (var link in span.Links)
        {
            var traceId = OtlpIds.Hex(link.TraceId, OtlpIds.TraceIdBytes, out _);
            var spanId = OtlpIds.Hex(link.SpanId, OtlpIds.SpanIdBytes, out _);
            if (traceId is null || spanId is null)
            {
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString("traceId", traceId);
            writer.WriteString("spanId", spanId);
            writer.WritePropertyName("attributes");
            OtlpAttributes.WriteObject(writer, link.Attributes);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
