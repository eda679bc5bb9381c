using System.Globalization;
using HmsOps.Console.Hosting;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;

namespace HmsOps.Console.Traces;

/// <summary>
/// <c>GET /api/traces/{traceId}</c> (one trace with every span) and <c>GET /api/traces</c> (search). Open on the bind
/// address like the Prometheus API: reads only, and sign-in comes with a later issue. Times are RFC 3339 or Unix
/// seconds, as in the rest of the console's APIs.
/// </summary>
public static class TraceApiEndpoints
{
    public const int DefaultLimit = 20;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public static void MapTraceApi(this WebApplication app)
    {
        app.MapGet("/api/traces/{traceId}", GetTraceAsync);
        app.MapGet("/api/traces", SearchAsync);
    }

    private static async Task<IResult> GetTraceAsync(string traceId, ITraceReader reader, CancellationToken cancellationToken)
    {
        if (!TelemetryIds.TryNormalizeTraceId(traceId, out var id))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid trace id",
                $"'{traceId}' is not a trace id", [Problems.FieldError(null, "traceId", "must be 32 hex digits or the UUID form 8-4-4-4-12, not all zeros")]);
        }
        var trace = await reader.GetTraceAsync(id, cancellationToken);
        if (trace is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Trace not found",
                $"no span of trace {id} is stored, in the hot store or the archive", [Problems.FieldError(null, "traceId", "unknown trace")]);
        }
        return new JsonBodyResult(writer => TraceJson.WriteTrace(writer, trace));
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, ITraceReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new List<object>();
        var query = ParseSearch(request.Query, time.GetUtcNow(), errors);
        if (query is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid trace search",
                "one or more parameters cannot be read; see errors", errors);
        }
        var traces = await reader.SearchAsync(query, cancellationToken);
        return new JsonBodyResult(writer => TraceJson.WriteSearch(writer, query, traces));
    }

    /// <summary>The search, or null with every bad parameter in <paramref name="errors"/>.</summary>
    internal static TraceQuery? ParseSearch(IQueryCollection parameters, DateTimeOffset now, List<object> errors)
    {
        string? Text(string name) => parameters[name] is { Count: > 0 } values && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

        DateTimeOffset? Time(string name)
        {
            if (Text(name) is not { } text)
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

        var end = Time("end") ?? now;
        var start = Time("start") ?? end - DefaultWindow;
        if (start > end)
        {
            errors.Add(Problems.FieldError(null, "end", "must not be before start"));
        }
        long? minDurationMicros = null;
        if (Text("minDurationMs") is { } minText)
        {
            if (double.TryParse(minText, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms) && ms >= 0 && ms < 1e12)
            {
                minDurationMicros = (long)Math.Round(ms * 1000);
            }
            else
            {
                errors.Add(Problems.FieldError(null, "minDurationMs", $"must be a number of milliseconds, 0 or more (got '{minText}')"));
            }
        }
        var errorsOnly = false;
        if (Text("error") is { } errorText)
        {
            switch (errorText.ToLowerInvariant())
            {
                case "true" or "1":
                    errorsOnly = true;
                    break;
                case "false" or "0":
                    break;
                default:
                    errors.Add(Problems.FieldError(null, "error", $"must be true or false (got '{errorText}')"));
                    break;
            }
        }
        var limit = DefaultLimit;
        if (Text("limit") is { } limitText)
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= 1)
            {
                limit = Math.Min(asked, TraceQuery.MaxLimit);
            }
            else
            {
                errors.Add(Problems.FieldError(null, "limit", $"must be a whole number from 1 (at most {TraceQuery.MaxLimit} are returned)"));
            }
        }
        return errors.Count > 0
            ? null
            : new TraceQuery(start, end, Text("service"), Text("operation"), minDurationMicros, errorsOnly, limit);
    }
}
