using System.Globalization;
using HmsOps.Core.Traces;

namespace HmsOps.Console.Components.Controls.Traces;

/// <summary>
/// The Traces page's filter as it lives in the URL query (so a search is a link), and what it asks the reader.
/// A custom <c>start</c>/<c>end</c> (ISO 8601) wins over the quick <c>range</c>.
/// </summary>
public sealed record TraceSearch(
    string Service = "",
    string Operation = "",
    string MinDurationMs = "",
    bool ErrorsOnly = false,
    string Range = TraceSearch.DefaultRange,
    string Start = "",
    string End = "",
    int Limit = 100)
{
    public const string ServiceKey = "service";
    public const string OperationKey = "operation";
    public const string MinDurationKey = "minDurationMs";
    public const string ErrorKey = "error";
    public const string RangeKey = "range";
    public const string StartKey = "start";
    public const string EndKey = "end";
    public const string LimitKey = "limit";
    public const string DefaultRange = "1h";

    public static IReadOnlyList<(string Key, string Label, TimeSpan Span)> Ranges { get; } =
    [
        ("15m", "Last 15 minutes", TimeSpan.FromMinutes(15)),
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("6h", "Last 6 hours", TimeSpan.FromHours(6)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
    ];

    public static TraceSearch FromQuery(Func<string, string?> get) => new(
        get(ServiceKey)?.Trim() ?? "",
        get(OperationKey)?.Trim() ?? "",
        get(MinDurationKey)?.Trim() ?? "",
        string.Equals(get(ErrorKey), "true", StringComparison.OrdinalIgnoreCase),
        Ranges.Any(r => r.Key == get(RangeKey)) ? get(RangeKey)! : DefaultRange,
        get(StartKey)?.Trim() ?? "",
        get(EndKey)?.Trim() ?? "",
        int.TryParse(get(LimitKey), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? Math.Min(limit, TraceQuery.MaxLimit) : 100);

    /// <summary>Only what differs from the defaults, so the URL stays short.</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [ServiceKey] = Blank(Service),
        [OperationKey] = Blank(Operation),
        [MinDurationKey] = Blank(MinDurationMs),
        [ErrorKey] = ErrorsOnly ? "true" : null,
        [RangeKey] = Range == DefaultRange ? null : Range,
        [StartKey] = Blank(Start),
        [EndKey] = Blank(End),
        [LimitKey] = Limit == 100 ? null : Limit.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The reader's query, or the field-by-field reasons the filter cannot be run.</summary>
    public (TraceQuery? Query, IReadOnlyDictionary<string, string> Errors) ToTraceQuery(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        long? minMicros = null;
        if (MinDurationMs.Length > 0)
        {
            if (double.TryParse(MinDurationMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
            {
                minMicros = (long)Math.Round(ms * 1000);
            }
            else
            {
                errors[MinDurationKey] = "A number of milliseconds, 0 or more";
            }
        }
        var span = Ranges.First(r => r.Key == Range).Span;
        var (start, end) = (now - span, now);
        if (Start.Length > 0 || End.Length > 0)
        {
            if (!TryTime(Start, out start))
            {
                errors[StartKey] = "An ISO 8601 time, e.g. 2026-12-05T10:00:00Z";
            }
            if (End.Length == 0)
            {
                end = now;
            }
            else if (!TryTime(End, out end))
            {
                errors[EndKey] = "An ISO 8601 time, e.g. 2026-12-05T11:00:00Z";
            }
            if (errors.Count == 0 && end <= start)
            {
                errors[EndKey] = "The end must be after the start";
            }
        }
        return errors.Count > 0
            ? (null, errors)
            : (new TraceQuery(start, end, Blank(Service), Blank(Operation), minMicros, ErrorsOnly, Limit), errors);
    }

    private static bool TryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
