using System.Globalization;
using System.Text.RegularExpressions;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's interval arithmetic: <c>$__interval</c> is the range divided by the panel's max data points,
/// rounded by Grafana's table and never below the minimum interval (the panel's <c>interval</c>, else the
/// scrape interval, Grafana's Prometheus default 15s); the Prometheus data source's step is that interval but
/// never more than 11,000 points; <c>$__rate_interval</c> = max($__interval + scrape interval, 4 × scrape interval).
/// </summary>
public static partial class GrafanaInterval
{
    /// <summary>Prometheus refuses more points per series than this, so Grafana's step never asks for more.</summary>
    public const int MaxPointsPerSeries = 11_000;

    /// <summary>(below this many ms, round to this many ms), Grafana's <c>roundInterval</c>.</summary>
    private static readonly (long Below, long Rounded)[] RoundingTable =
    [
        (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500), (1_500, 1_000), (3_500, 2_000),
        (7_500, 5_000), (12_500, 10_000), (17_500, 15_000), (25_000, 20_000), (45_000, 30_000), (90_000, 60_000),
        (210_000, 120_000), (450_000, 300_000), (750_000, 600_000), (1_050_000, 900_000), (1_500_000, 1_200_000),
        (2_700_000, 1_800_000), (5_400_000, 3_600_000), (9_000_000, 7_200_000), (16_200_000, 10_800_000),
        (32_400_000, 21_600_000), (86_400_000, 43_200_000), (604_800_000, 86_400_000), (1_209_600_000, 604_800_000),
        (3_024_000_000, 1_209_600_000),
    ];

    public static long RoundIntervalMs(double intervalMs)
    {
        foreach (var (below, rounded) in RoundingTable)
        {
            if (intervalMs < below)
            {
                return rounded;
            }
        }
        return 2_592_000_000; // 30d
    }

    /// <summary>Grafana's <c>secondsToHms</c>: the largest whole unit only ("1m", "15s", "2h", "500ms", "1d").</summary>
    public static string Format(long ms)
    {
        var seconds = ms / 1000;
        if (seconds / 31_536_000 is var years and > 0)
        {
            return $"{years}y";
        }
        if (seconds % 31_536_000 / 86_400 is var days and > 0)
        {
            return $"{days}d";
        }
        if (seconds % 86_400 / 3_600 is var hours and > 0)
        {
            return $"{hours}h";
        }
        if (seconds % 3_600 / 60 is var minutes and > 0)
        {
            return $"{minutes}m";
        }
        if (seconds % 60 is var s and > 0)
        {
            return $"{s}s";
        }
        return ms > 0 ? $"{ms}ms" : "0s";
    }

    /// <summary>A PromQL-valid duration with no loss: whole seconds as "60s", otherwise milliseconds.</summary>
    public static string FormatExact(long ms) => ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms}ms";

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['m', 's', 'h', 'd', 'w', 'y']);
            var amount = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            duration += part.Value[unitStart..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                "w" => TimeSpan.FromDays(7 * amount),
                _ => TimeSpan.FromDays(365 * amount),
            };
        }
        return true;
    }

    public static PanelIntervals Calculate(TimeSpan range, int maxDataPoints, TimeSpan minInterval, TimeSpan scrapeInterval)
    {
        var rangeMs = (long)range.TotalMilliseconds;
        var intervalMs = RoundIntervalMs((double)rangeMs / Math.Max(1, maxDataPoints));
        intervalMs = Math.Max(intervalMs, (long)minInterval.TotalMilliseconds);
        var safeMs = (long)Math.Ceiling((double)rangeMs / MaxPointsPerSeries / 1000) * 1000;
        var stepMs = Math.Max(intervalMs, safeMs);
        var scrapeMs = (long)scrapeInterval.TotalMilliseconds;
        var rateMs = Math.Max(stepMs + scrapeMs, 4 * scrapeMs);
        return new PanelIntervals(rangeMs, stepMs, rateMs);
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationPattern();
}

/// <summary>A panel's intervals and the global variables Grafana derives from them.</summary>
public sealed record PanelIntervals(long RangeMs, long IntervalMs, long RateIntervalMs)
{
    public TimeSpan Step => TimeSpan.FromMilliseconds(IntervalMs);

    public IReadOnlyDictionary<string, string> GlobalVariables() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__interval"] = GrafanaInterval.Format(IntervalMs),
        ["__interval_ms"] = IntervalMs.ToString(CultureInfo.InvariantCulture),
        ["__rate_interval"] = GrafanaInterval.FormatExact(RateIntervalMs),
        ["__rate_interval_ms"] = RateIntervalMs.ToString(CultureInfo.InvariantCulture),
        ["__range"] = $"{Math.Round(RangeMs / 1000.0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}s",
        ["__range_s"] = Math.Round(RangeMs / 1000.0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture),
        ["__range_ms"] = RangeMs.ToString(CultureInfo.InvariantCulture),
    };
}
