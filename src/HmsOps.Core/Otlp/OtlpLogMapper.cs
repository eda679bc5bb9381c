using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Logs;
using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Otlp;

/// <summary>
/// Turns an OTLP log export into log lines. A record is refused on its own (partial success) when it has no
/// time at all, a time outside the accepted window, or a malformed trace or span id.
/// <para>
/// Fields: the record's attributes as given, plus <c>resource</c> (the resource's attributes), <c>scope</c>
/// (name, version, attributes), and <c>event.name</c> and <c>severity</c> (the SDK's own text) when set.
/// </para>
/// </summary>
public sealed class OtlpLogMapper(IngestLimits limits)
{
    private static readonly HashSet<string> ReservedFields = ["resource", "scope", "severity", "event.name"];

    public static long CountItems(ExportLogsServiceRequest request) =>
        request.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => (long)s.LogRecords.Count));

    public OtlpMapResult Map(ExportLogsServiceRequest request, long nowMs)
    {
        var count = CountItems(request);
        if (count > limits.MaxEventsPerRequest)
        {
            return OtlpMapResult.Refused($"holds {count} log records; at most {limits.MaxEventsPerRequest} are accepted per request");
        }
        var json = new OtlpAttributes();
        var rejections = new RejectionLog("log records");
        var events = new List<TelemetryEvent>((int)count);
        for (var r = 0; r < request.ResourceLogs.Count; r++)
        {
            var resourceLogs = request.ResourceLogs[r];
            var resource = OtlpResource.From(resourceLogs.Resource, json);
            for (var s = 0; s < resourceLogs.ScopeLogs.Count; s++)
            {
                var scopeLogs = resourceLogs.ScopeLogs[s];
                for (var i = 0; i < scopeLogs.LogRecords.Count; i++)
                {
                    var mapped = MapRecord(scopeLogs.LogRecords[i], resource, scopeLogs.Scope, json, nowMs, out var problem);
                    if (mapped is null)
                    {
                        rejections.Reject($"resourceLogs[{r}].scopeLogs[{s}].logRecords[{i}]", problem!);
                        continue;
                    }
                    events.Add(mapped);
                }
            }
        }
        return new OtlpMapResult(events, rejections.Count, rejections.Message());
    }

    private LogEvent? MapRecord(LogRecord record, OtlpResource resource, InstrumentationScope? scope, OtlpAttributes json, long nowMs, out string? problem)
    {
        if (resource.Service.Length > limits.MaxServiceNameLength)
        {
            problem = $"resource attribute service.name is longer than {limits.MaxServiceNameLength} characters";
            return null;
        }
        // The time the event happened; collectors that cannot tell send only the time they observed it.
        var nanos = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        if (nanos == 0)
        {
            problem = "timeUnixNano and observedTimeUnixNano are both missing";
            return null;
        }
        var timestamp = OtlpTime.NanosToMillis(nanos);
        if (OtlpTime.OutsideWindow(timestamp, nowMs, limits.LogAndSpanBackfillWindow, limits) is { } window)
        {
            problem = (record.TimeUnixNano != 0 ? "timeUnixNano " : "observedTimeUnixNano ") + window;
            return null;
        }
        var traceId = OtlpIds.OptionalHex(record.TraceId, OtlpIds.TraceIdBytes, out var idProblem);
        if (idProblem is not null)
        {
            problem = "traceId " + idProblem;
            return null;
        }
        var spanId = OtlpIds.OptionalHex(record.SpanId, OtlpIds.SpanIdBytes, out idProblem);
        if (idProblem is not null)
        {
            problem = "spanId " + idProblem;
            return null;
        }

        problem = null;
        var message = record.Body is { ValueCase: not AnyValue.ValueOneofCase.None } body ? json.Text(body) : record.EventName;
        var fields = json.Write(writer => WriteFields(writer, record, resource, scope));
        return new LogEvent(timestamp, LevelOf(record), message, resource.Service, traceId, spanId, fields);
    }

    /// <summary>
    /// OTLP's severity ranges (1–4 trace … 21–24 fatal). A record tagged as security (severity text "security" or
    /// attribute <c>event.category</c> = security) is a security event whatever its number, so it raises the
    /// console's security alert as a JSON-ingested one does.
    /// </summary>
    public static LogLevel LevelOf(LogRecord record)
    {
        if (string.Equals(record.SeverityText, "security", StringComparison.OrdinalIgnoreCase)
            || string.Equals(OtlpAttributes.StringOf(record.Attributes, "event.category"), "security", StringComparison.OrdinalIgnoreCase))
        {
            return LogLevel.Security;
        }
        var number = (int)record.SeverityNumber;
        return number switch
        {
            >= 1 and <= 4 => LogLevel.Trace,
            >= 5 and <= 8 => LogLevel.Debug,
            >= 9 and <= 12 => LogLevel.Info,
            >= 13 and <= 16 => LogLevel.Warn,
            >= 17 and <= 20 => LogLevel.Error,
            >= 21 => LogLevel.Fatal,
            _ => LevelFromText(record.SeverityText),
        };
    }

    /// <summary>Without a severity number, the usual words; anything else is info.</summary>
    private static LogLevel LevelFromText(string text) => text.ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warn,
        "error" or "err" => LogLevel.Error,
        "fatal" or "critical" or "crit" => LogLevel.Fatal,
        _ => LogLevel.Info,
    };

    private static void WriteFields(Utf8JsonWriter writer, LogRecord record, OtlpResource resource, InstrumentationScope? scope)
    {
        writer.WriteStartObject();
        OtlpAttributes.WriteProperties(writer, record.Attributes, ReservedFields);
        if (resource.Attributes is { Count: > 0 } resourceAttributes)
        {
            writer.WritePropertyName("resource");
            OtlpAttributes.WriteObject(writer, resourceAttributes);
        }
        if (scope is not null && scope.Name.Length > 0)
        {
            writer.WritePropertyName("scope");
            OtlpResource.WriteScope(writer, scope);
        }
        if (record.EventName.Length > 0)
        {
            writer.WriteString("event.name", record.EventName);
        }
        if (record.SeverityText.Length > 0)
        {
            writer.WriteString("severity", record.SeverityText);
        }
        writer.WriteEndObject();
    }
}
