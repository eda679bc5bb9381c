using System.Globalization;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Logs;

/// <summary>
/// What the Logs page shows, as its URL query carries it (so a link reproduces the view):
/// <c>?service=a,b&amp;level=error,warn&amp;range=1h&amp;q=orderId%3DA-17&amp;live=1</c>, or <c>from</c>/<c>to</c>
/// (UTC, <c>yyyy-MM-ddTHH:mm</c>) instead of <c>range</c> for an absolute window.
/// </summary>
public sealed record LogSearchState
{
    public const string ServiceKey = "service";
    public const string LevelKey = "level";
    public const string RangeKey = "range";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string QueryKey = "q";
    public const string LiveKey = "live";

    public const string DefaultRange = "1h";
    public const string AllTime = "all";

    /// <summary>The quick ranges the page offers, newest window first.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, TimeSpan? Length)> QuickRanges =
    [
        ("15m", "Last 15 minutes", TimeSpan.FromMinutes(15)),
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("6h", "Last 6 hours", TimeSpan.FromHours(6)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
        (AllTime, "All time", null),
    ];

    private const string MinuteFormat = "yyyy-MM-dd'T'HH:mm";

    public static readonly LogSearchState Default = new();

    public IReadOnlyList<string> Services { get; init; } = [];

    public IReadOnlyList<LogLevel> Levels { get; init; } = [];

    /// <summary>A quick range key; ignored when <see cref="From"/> or <see cref="To"/> is set.</summary>
    public string Range { get; init; } = DefaultRange;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>The query box's text (see <see cref="LogFilter"/>).</summary>
    public string Query { get; init; } = "";

    public bool Live { get; init; }

    public bool IsAbsolute => From is not null || To is not null;

    /// <summary>Live tail only follows a window that is still open at the end.</summary>
    public bool CanFollow => To is null;

    public static LogSearchState FromQuery(Func<string, string?> get)
    {
        var levels = new List<LogLevel>();
        foreach (var name in List(get(LevelKey)))
        {
            if (LogLevels.TryParse(name, out var level))
            {
                levels.Add(level);
            }
        }
        var range = get(RangeKey);
        return new LogSearchState
        {
            Services = List(get(ServiceKey)),
            Levels = levels,
            Range = QuickRanges.Any(r => r.Key == range) ? range! : DefaultRange,
            From = ParseMinute(get(FromKey)),
            To = ParseMinute(get(ToKey)),
            Query = get(QueryKey) ?? "",
            Live = get(LiveKey) is "1" or "true",
        };
    }

    /// <summary>Every key, null for defaults, so navigating with it also clears what was set before.</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [ServiceKey] = Services.Count == 0 ? null : string.Join(',', Services),
        [LevelKey] = Levels.Count == 0 ? null : string.Join(',', Levels.Select(LogLevels.Name)),
        [RangeKey] = IsAbsolute || Range == DefaultRange ? null : Range,
        [FromKey] = FormatMinute(From),
        [ToKey] = FormatMinute(To),
        [QueryKey] = string.IsNullOrWhiteSpace(Query) ? null : Query,
        [LiveKey] = Live && CanFollow ? "1" : null,
    };

    /// <summary>The search this view asks for at <paramref name="now"/>, or the query box's error (and no search).</summary>
    public LogFilterResult ToLogQuery(DateTimeOffset now, int limit)
    {
        var box = LogFilter.Parse(Query);
        if (box.Query is not { } parsed)
        {
            return box;
        }
        if (From is { } from && To is { } to && from > to)
        {
            return new LogFilterResult(null, "to", "the end of the time range is before its start");
        }
        var length = QuickRanges.FirstOrDefault(r => r.Key == Range).Length;
        var query = parsed with
        {
            Services = Services.Union(parsed.Services, StringComparer.Ordinal).ToArray(),
            Levels = Levels.Union(parsed.Levels).ToArray(),
            From = IsAbsolute ? From : now - length,
            To = IsAbsolute ? To : null,
            Limit = limit,
        };
        return new LogFilterResult(query, null, null);
    }

    public static DateTimeOffset? ParseMinute(string? text) =>
        DateTimeOffset.TryParseExact(text?.Trim(), [MinuteFormat, "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    public static string? FormatMinute(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString(MinuteFormat, CultureInfo.InvariantCulture);

    private static string[] List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
