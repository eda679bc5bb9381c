using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Ingest;

/// <summary>
/// Turns an ingest request body into validated events, all or nothing: a single bad item rejects the
/// request, and every error found (up to <see cref="MaxReportedErrors"/>) names its item and field.
/// </summary>
public sealed class IngestParser(IngestLimits limits)
{
    public const int MaxReportedErrors = 50;

    public IngestParseResult Parse(ReadOnlyMemory<byte> body, IngestFormat format, DateTimeOffset now)
    {
        var errors = new List<IngestError>();
        var events = new List<TelemetryEvent>();
        var context = new ItemContext(limits, now.ToUnixTimeMilliseconds(), errors);

        if (format == IngestFormat.NdJson)
        {
            ParseNdJson(body, context, events);
        }
        else
        {
            ParseJson(body, context, events);
        }

        if (errors.Count == 0 && events.Count == 0)
        {
            errors.Add(new IngestError(null, "body", "contains no events"));
        }
        return errors.Count > 0 ? IngestParseResult.Failed(errors) : IngestParseResult.Ok(events);
    }

    private static void ParseJson(ReadOnlyMemory<byte> body, ItemContext context, List<TelemetryEvent> events)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            context.Errors.Add(new IngestError(null, "body", $"is not valid JSON ({ex.Message})"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    ParseItem(root, 0, context, events);
                    break;
                case JsonValueKind.Array:
                    var count = root.GetArrayLength();
                    if (count > context.Limits.MaxEventsPerRequest)
                    {
                        context.Errors.Add(new IngestError(null, "body", $"holds {count} events; at most {context.Limits.MaxEventsPerRequest} are accepted per request"));
                        return;
                    }
                    var index = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        ParseItem(item, index++, context, events);
                        if (context.Errors.Count >= MaxReportedErrors)
                        {
                            return;
                        }
                    }
                    break;
                default:
                    context.Errors.Add(new IngestError(null, "body", "must be an event object or an array of event objects"));
                    break;
            }
        }
    }

    private static void ParseNdJson(ReadOnlyMemory<byte> body, ItemContext context, List<TelemetryEvent> events)
    {
        var remaining = body;
        var index = 0;
        while (remaining.Length > 0)
        {
            var newline = remaining.Span.IndexOf((byte)'\n');
            var line = newline >= 0 ? remaining[..newline] : remaining;
            remaining = newline >= 0 ? remaining[(newline + 1)..] : ReadOnlyMemory<byte>.Empty;
            if (IsBlank(line.Span))
            {
                continue;
            }
            if (index >= context.Limits.MaxEventsPerRequest)
            {
                context.Errors.Add(new IngestError(null, "body", $"holds more than {context.Limits.MaxEventsPerRequest} events; that many are accepted per request"));
                return;
            }
            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
                ParseItem(document.RootElement, index, context, events);
            }
            catch (JsonException ex)
            {
                context.Errors.Add(new IngestError(index, "$", $"line is not valid JSON ({ex.Message})"));
            }
            index++;
            if (context.Errors.Count >= MaxReportedErrors)
            {
                return;
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }

    private static void ParseItem(JsonElement item, int index, ItemContext context, List<TelemetryEvent> events)
    {
        var reader = new PayloadReader(index, context);
        if (item.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("$", "must be an object with 'type' and 'payload'");
            return;
        }
        if (!item.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            reader.Fail("type", typeElement.ValueKind == JsonValueKind.Undefined ? "is required" : "must be a string: log, metric or trace");
            return;
        }
        if (!item.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("payload", payload.ValueKind == JsonValueKind.Undefined ? "is required" : "must be an object");
            return;
        }

        TelemetryEvent? parsed = typeElement.GetString() switch
        {
            "metric" => MetricPayload.Read(payload, reader),
            "log" => LogPayload.Read(payload, reader),
            "trace" => SpanPayload.Read(payload, reader),
            var other => reader.Fail("type", $"unknown type '{other}'; expected log, metric or trace"),
        };
        if (parsed is not null && reader.ErrorCount == 0)
        {
            events.Add(parsed);
        }
    }

    internal sealed record ItemContext(IngestLimits Limits, long NowMs, List<IngestError> Errors);
}
