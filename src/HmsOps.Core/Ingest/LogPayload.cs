using System.Text.Json;
using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Ingest;

/// <summary>Reads a log payload; every field it does not know is kept as a structured field.</summary>
internal static class LogPayload
{
    private static readonly HashSet<string> KnownFields =
        ["timestamp", "level", "message", "service", "traceId", "spanId"];

    public static TelemetryEvent? Read(JsonElement payload, PayloadReader reader)
    {
        var timestamp = reader.Timestamp(payload, "timestamp", required: true, reader.Limits.LogAndSpanBackfillWindow);
        var levelText = reader.RequiredString(payload, "level", 16);
        LogLevel? level = levelText?.ToLowerInvariant() switch
        {
            null => null,
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" => LogLevel.Info,
            "warn" => LogLevel.Warn,
            "error" => LogLevel.Error,
            "fatal" => LogLevel.Fatal,
            "security" => LogLevel.Security,
            _ => null,
        };
        if (levelText is not null && level is null)
        {
            reader.Fail("payload.level", $"unknown level '{levelText}'; expected trace, debug, info, warn, error, fatal or security");
        }
        var message = reader.RequiredString(payload, "message");
        var service = reader.ServiceName(payload);
        var traceId = reader.TraceId(payload, "traceId", required: false);
        var spanId = reader.SpanId(payload, "spanId", required: false);
        var fields = ExtraFields(payload);

        if (reader.ErrorCount > 0 || timestamp is null || level is null || message is null || service is null)
        {
            return null;
        }
        return new LogEvent(timestamp.Value, level.Value, message, service, traceId, spanId, fields);
    }

    private static string ExtraFields(JsonElement payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in payload.EnumerateObject())
            {
                if (!KnownFields.Contains(property.Name))
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
