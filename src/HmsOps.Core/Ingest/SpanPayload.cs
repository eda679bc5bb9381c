using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Ingest;

/// <summary>Reads one span: <c>start</c> plus <c>durationMs</c> or <c>end</c>.</summary>
internal static class SpanPayload
{
    public static TelemetryEvent? Read(JsonElement payload, PayloadReader reader)
    {
        var traceId = reader.TraceId(payload, "traceId", required: true);
        var spanId = reader.SpanId(payload, "spanId", required: true);
        var parentSpanId = reader.SpanId(payload, "parentSpanId", required: false);
        if (spanId is not null && spanId == parentSpanId)
        {
            reader.Fail("payload.parentSpanId", "a span cannot be its own parent");
        }
        var service = reader.ServiceName(payload);
        var name = reader.RequiredString(payload, "name", 1_024);
        var window = reader.Limits.LogAndSpanBackfillWindow;
        var start = reader.Timestamp(payload, "start", required: true, window);
        var errorsBeforeDuration = reader.ErrorCount;
        var durationMs = reader.OptionalNumber(payload, "durationMs");
        var end = reader.Timestamp(payload, "end", required: false, window);

        long? durationMicros = null;
        if (durationMs is not null && end is not null)
        {
            reader.Fail("payload.durationMs", "give either durationMs or end, not both");
        }
        else if (durationMs is { } d)
        {
            durationMicros = d < 0 ? Invalid(reader, "payload.durationMs", "must not be negative") : (long)Math.Round(d * 1000);
        }
        else if (end is { } e && start is { } s)
        {
            durationMicros = e < s ? Invalid(reader, "payload.end", "is before start") : (e - s) * 1000;
        }
        else if (end is null && durationMs is null && reader.ErrorCount == errorsBeforeDuration)
        {
            // Only when both are absent: an invalid durationMs or end has been reported already.
            reader.Fail("payload.durationMs", "is required (or give end)");
        }

        var statusText = reader.OptionalString(payload, "status", 16) ?? "ok";
        SpanStatus? status = statusText switch
        {
            "ok" => SpanStatus.Ok,
            "error" => SpanStatus.Error,
            _ => null,
        };
        if (status is null)
        {
            reader.Fail("payload.status", $"unknown status '{statusText}'; expected ok or error");
        }
        var attributes = reader.ObjectText(payload, "attributes");

        if (reader.ErrorCount > 0 || traceId is null || spanId is null || service is null || name is null
            || start is null || durationMicros is null || status is null)
        {
            return null;
        }
        return new SpanEvent(traceId, spanId, parentSpanId, service, name, start.Value * 1000, durationMicros.Value, status.Value, attributes);
    }

    private static long? Invalid(PayloadReader reader, string field, string reason)
    {
        reader.Fail(field, reason);
        return null;
    }
}
