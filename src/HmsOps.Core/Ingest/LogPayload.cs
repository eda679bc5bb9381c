using System.Buffers;
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

    // One buffer and writer per thread instead of per log line: the parser runs on many request threads at once.
    private const int MaxKeptFieldsBufferBytes = 64 * 1024;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_fieldsBuffer;
    [ThreadStatic] private static Utf8JsonWriter? t_fieldsWriter;

    private static string ExtraFields(JsonElement payload)
    {
        var buffer = t_fieldsBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_fieldsWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var property in payload.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                property.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
        writer.Flush();
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptFieldsBufferBytes)
        {
            // A log line with huge fields does not pin its buffer for good.
            t_fieldsBuffer = null;
            t_fieldsWriter = null;
        }
        return text;
    }
}
