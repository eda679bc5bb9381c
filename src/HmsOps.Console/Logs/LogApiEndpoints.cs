using System.Globalization;
using System.Text.Json;
using HmsOps.Console.Hosting;
using HmsOps.Core.Logs;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Console.Logs;

/// <summary>
/// <c>GET /api/logs</c>: the Logs page's search over HTTP, newest first, with <c>nextBefore</c> to page to older logs.
/// Open on the bind address like the other read APIs. Each filter is optional; <c>service</c>, <c>level</c> and
/// <c>field</c> may repeat (and the first two take comma lists).
/// </summary>
public static class LogApiEndpoints
{
    public const int DefaultLimit = 100;

    public static void MapLogApi(this WebApplication app) => app.MapGet("/api/logs", QueryAsync);

    private static async Task<IResult> QueryAsync(HttpRequest request, ILogReader reader, CancellationToken cancellationToken)
    {
        var errors = new List<object>();
        var query = Parse(request.Query, errors);
        if (query is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid log search",
                "one or more parameters cannot be read; see errors", errors);
        }
        var page = await reader.QueryAsync(query, cancellationToken);
        return new JsonBodyResult(writer => Write(writer, page));
    }

    /// <summary>The search, or null with every bad parameter in <paramref name="errors"/>.</summary>
    internal static LogQuery? Parse(IQueryCollection parameters, List<object> errors)
    {
        IEnumerable<string> All(string name, bool commaList) => parameters[name]
            .SelectMany(v => commaList ? (v ?? "").Split(',') : [v ?? ""])
            .Select(v => v.Trim())
            .Where(v => v.Length > 0);

        string? One(string name) => All(name, commaList: false).FirstOrDefault();

        DateTimeOffset? Time(string name)
        {
            if (One(name) is not { } text)
            {
                return null;
            }
            if (ApiParameters.TryParseTime(text, out var value))
            {
                return value;
            }
            errors.Add(Problems.FieldError(null, name, $"cannot read '{text}' as a time: use RFC 3339 or Unix seconds"));
            return null;
        }

        long? Id(string name)
        {
            if (One(name) is not { } text)
            {
                return null;
            }
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
            errors.Add(Problems.FieldError(null, name, $"must be a log id from an earlier answer (got '{text}')"));
            return null;
        }

        var levels = new List<LogLevel>();
        foreach (var name in All("level", commaList: true))
        {
            if (LogLevels.TryParse(name, out var level))
            {
                levels.Add(level);
            }
            else
            {
                errors.Add(Problems.FieldError(null, "level", $"unknown level '{name}'; expected {LogLevels.Expected}"));
            }
        }
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in All("field", commaList: false))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add(Problems.FieldError(null, "field", $"must be key=value (got '{pair}')"));
            }
            else
            {
                fields.Add(new(pair[..equals].Trim(), pair[(equals + 1)..]));
            }
        }
        string? traceId = null;
        if (One("traceId") is { } traceText && !TelemetryIds.TryNormalizeTraceId(traceText, out traceId!))
        {
            errors.Add(Problems.FieldError(null, "traceId", "must be 32 hex digits or the UUID form 8-4-4-4-12, not all zeros"));
        }
        var from = Time("start");
        var to = Time("end");
        if (from > to)
        {
            errors.Add(Problems.FieldError(null, "end", "must not be before start"));
        }
        var limit = DefaultLimit;
        if (One("limit") is { } limitText)
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= 1)
            {
                limit = Math.Min(asked, LogQuery.MaxLimit);
            }
            else
            {
                errors.Add(Problems.FieldError(null, "limit", $"must be a whole number from 1 (at most {LogQuery.MaxLimit} are returned)"));
            }
        }
        var text = One("q");
        if (text is { Length: > LogFilter.MaxLength })
        {
            errors.Add(Problems.FieldError(null, "q", $"must be at most {LogFilter.MaxLength} characters"));
        }
        var before = Id("before");
        var after = Id("after");
        if (errors.Count > 0)
        {
            return null;
        }
        return new LogQuery
        {
            Services = All("service", commaList: true).Distinct(StringComparer.Ordinal).ToArray(),
            Levels = levels.Distinct().ToArray(),
            From = from,
            To = to,
            Text = text,
            Fields = fields,
            TraceId = traceId,
            BeforeId = before,
            AfterId = after,
            Limit = limit,
        };
    }

    private static void Write(Utf8JsonWriter w, LogPage page)
    {
        w.WriteStartObject();
        w.WriteStartArray("logs");
        foreach (var (id, log) in page.Logs)
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(log.TimestampMs).UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("timestampMs", log.TimestampMs);
            w.WriteString("level", LogLevels.Name(log.Level));
            w.WriteString("service", log.Service);
            w.WriteString("message", log.Message);
            WriteOptional(w, "traceId", log.TraceId);
            WriteOptional(w, "spanId", log.SpanId);
            w.WritePropertyName("fields");
            w.WriteRawValue(string.IsNullOrWhiteSpace(log.FieldsJson) ? "{}" : log.FieldsJson);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (page.NextBeforeId is { } next)
        {
            w.WriteNumber("nextBefore", next);
        }
        else
        {
            w.WriteNull("nextBefore");
        }
        w.WriteBoolean("fromArchive", page.FromArchive);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
