using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Ingest;

/// <summary>Typed reads of one item's payload that record an <see cref="IngestError"/> instead of throwing.</summary>
internal sealed class PayloadReader(int index, IngestParser.ItemContext context)
{
    private int _errors;

    public int ErrorCount => _errors;

    public IngestLimits Limits => context.Limits;

    public long NowMs => context.NowMs;

    public TelemetryEvent? Fail(string field, string reason)
    {
        _errors++;
        if (context.Errors.Count < IngestParser.MaxReportedErrors)
        {
            context.Errors.Add(new IngestError(index, field, reason));
        }
        return null;
    }

    public string? RequiredString(JsonElement payload, string name, int maxLength = 65_536)
    {
        if (!payload.TryGetProperty(name, out var element))
        {
            Fail(Path(name), "is required");
            return null;
        }
        return StringValue(element, name, maxLength, required: true);
    }

    public string? OptionalString(JsonElement payload, string name, int maxLength = 65_536)
    {
        if (!payload.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return StringValue(element, name, maxLength, required: false);
    }

    public string? ServiceName(JsonElement payload) => RequiredString(payload, "service", Limits.MaxServiceNameLength);

    public double? RequiredNumber(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var element))
        {
            Fail(Path(name), "is required");
            return null;
        }
        return NumberValue(element, name);
    }

    public double? OptionalNumber(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return NumberValue(element, name);
    }

    /// <summary>
    /// Reads an RFC 3339 string or a Unix time in milliseconds, and checks it against the accepted
    /// window: no older than <paramref name="backfill"/>, no later than the allowed future skew.
    /// </summary>
    public long? Timestamp(JsonElement payload, string name, bool required, TimeSpan backfill)
    {
        if (!payload.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fail(Path(name), "is required");
            }
            return null;
        }

        long ms;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                ms = (long)Math.Round(number);
                break;
            case JsonValueKind.String when element.GetString() is { } text
                && text.Contains('T', StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                ms = parsed.ToUnixTimeMilliseconds();
                break;
            default:
                Fail(Path(name), "must be an RFC 3339 timestamp string or Unix time in milliseconds");
                return null;
        }

        if (ms < NowMs - (long)backfill.TotalMilliseconds)
        {
            Fail(Path(name), $"is older than the accepted window of {Describe(backfill)}");
            return null;
        }
        if (ms > NowMs + (long)Limits.MaxFutureSkew.TotalMilliseconds)
        {
            Fail(Path(name), $"is more than {Describe(Limits.MaxFutureSkew)} in the future");
            return null;
        }
        return ms;
    }

    public string? TraceId(JsonElement payload, string name, bool required)
    {
        var raw = required ? RequiredString(payload, name, 64) : OptionalString(payload, name, 64);
        if (raw is null)
        {
            return null;
        }
        if (!TelemetryIds.TryNormalizeTraceId(raw, out var id))
        {
            Fail(Path(name), "must be 32 hex digits or a UUID, and not all zeros");
            return null;
        }
        return id;
    }

    public string? SpanId(JsonElement payload, string name, bool required)
    {
        var raw = required ? RequiredString(payload, name, 64) : OptionalString(payload, name, 64);
        if (raw is null)
        {
            return null;
        }
        if (!TelemetryIds.TryNormalizeSpanId(raw, out var id))
        {
            Fail(Path(name), "must be 16 hex digits, and not all zeros");
            return null;
        }
        return id;
    }

    /// <summary>An optional JSON object kept as raw text ("{}" when absent).</summary>
    public string ObjectText(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return "{}";
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(Path(name), "must be an object");
            return "{}";
        }
        return element.GetRawText();
    }

    public static string Path(string name) => "payload." + name;

    private string? StringValue(JsonElement element, string name, int maxLength, bool required)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Fail(Path(name), "must be a string");
            return null;
        }
        var value = element.GetString()!;
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Fail(Path(name), "must not be empty");
            return null;
        }
        if (value.Length > maxLength)
        {
            Fail(Path(name), $"is longer than {maxLength} characters");
            return null;
        }
        return value;
    }

    private double? NumberValue(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            Fail(Path(name), "must be a finite number");
            return null;
        }
        return value;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.##} hours" : $"{span.TotalMinutes:0.##} minutes";
}
