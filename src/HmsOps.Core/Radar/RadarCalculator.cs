using System.Globalization;
using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Radar;

/// <summary>
/// Computes every service's radar from the time-series store: a latency heatmap from the
/// <c>_bucket</c> increases per column, current quantiles, request rate and error ratio.
/// </summary>
public sealed class RadarCalculator(RadarOptions options)
{
    private static readonly long LookbackMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

    public RadarSnapshot Compute(TimeSeriesStore store, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var stepMs = (long)options.HeatmapStep.TotalMilliseconds;
        var columns = Math.Max(1, (int)(options.Window.TotalMilliseconds / stepMs));
        var fromMs = nowMs - columns * stepMs - LookbackMs;

        var buckets = store.Select(options.LatencyMetric + "_bucket", null, fromMs, nowMs, includePrevious: true);
        var requests = store.Select(options.RequestsMetric, null, fromMs, nowMs, includePrevious: true);
        var services = options.Services.Keys
            .Concat(buckets.Select(s => s.Labels.Get("service")).OfType<string>())
            .Concat(requests.Select(s => s.Labels.Get("service")).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        var columnEnds = Enumerable.Range(0, columns).Select(k => nowMs - (columns - 1 - k) * stepMs).ToArray();
        var result = services
            .Select(service => ComputeService(service, buckets.Where(s => s.Labels.Get("service") == service).ToArray(),
                requests.Where(s => s.Labels.Get("service") == service).ToArray(), columnEnds, stepMs, nowMs))
            .ToArray();
        return new RadarSnapshot(now, result);
    }

    private ServiceRadar ComputeService(string service, SeriesData[] bucketSeries, SeriesData[] requestSeries,
        long[] columnEnds, long stepMs, long nowMs)
    {
        var byBound = bucketSeries
            .GroupBy(s => ParseBound(s.Labels.Get("le")))
            .Where(g => g.Key is not null)
            .OrderBy(g => g.Key!.Value)
            .Select(g => (Bound: g.Key!.Value, Series: g.ToArray()))
            .ToArray();

        var heatmap = BuildHeatmap(byBound, columnEnds, stepMs);
        var currentMs = (long)options.CurrentWindow.TotalMilliseconds;
        var current = byBound.Select(b => (b.Bound, Increase(b.Series, nowMs - currentMs, nowMs))).ToArray();
        var p50 = HistogramMath.Quantile(0.50, current);
        var p95 = HistogramMath.Quantile(0.95, current);
        var p99 = HistogramMath.Quantile(0.99, current);

        var total = Increase(requestSeries, nowMs - currentMs, nowMs);
        var failedSeries = requestSeries.Where(IsServerError).ToArray();
        var errors = Increase(failedSeries, nowMs - currentMs, nowMs);
        double? errorRatio = total > 0 ? errors / total : null;
        var errorSeries = columnEnds.Select(end =>
        {
            var all = Increase(requestSeries, end - stepMs, end);
            var failed = Increase(failedSeries, end - stepMs, end);
            return new TimePoint(DateTimeOffset.FromUnixTimeMilliseconds(end), all > 0 ? failed / all : null);
        }).ToArray();

        var thresholds = options.ThresholdsFor(service);
        var reasons = new List<string>();
        if (p95 > thresholds.LatencyP95ThresholdSeconds)
        {
            reasons.Add($"p95 {FormatSeconds(p95.Value)} is over {FormatSeconds(thresholds.LatencyP95ThresholdSeconds)}");
        }
        if (errorRatio > thresholds.ErrorRateThreshold)
        {
            reasons.Add($"error rate {errorRatio.Value:P1} is over {thresholds.ErrorRateThreshold:P1}");
        }
        var health = total <= 0 && (current.Length == 0 || current[^1].Item2 <= 0) ? ServiceHealth.NoData
            : reasons.Count > 0 ? ServiceHealth.Red
            : ServiceHealth.Ok;

        return new ServiceRadar(service, health, reasons, p50, p95, p99, total / options.CurrentWindow.TotalSeconds,
            errorRatio, thresholds, heatmap, errorSeries);
    }

    private static Heatmap BuildHeatmap((double Bound, SeriesData[] Series)[] byBound, long[] columnEnds, long stepMs)
    {
        if (byBound.Length == 0)
        {
            return Heatmap.Empty;
        }
        var rows = byBound.Length;
        var counts = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            counts[r] = new double[columnEnds.Length];
        }
        var cumulative = new double[rows];
        for (var c = 0; c < columnEnds.Length; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                cumulative[r] = Increase(byBound[r].Series, columnEnds[c] - stepMs, columnEnds[c]);
            }
            var perBucket = HistogramMath.Decumulate(cumulative);
            for (var r = 0; r < rows; r++)
            {
                counts[r][c] = perBucket[r];
            }
        }
        var labels = byBound.Select((b, i) => double.IsPositiveInfinity(b.Bound)
            ? "> " + FormatSeconds(byBound[Math.Max(0, i - 1)].Bound)
            : "≤ " + FormatSeconds(b.Bound)).ToArray();
        return new Heatmap(columnEnds.Select(DateTimeOffset.FromUnixTimeMilliseconds).ToArray(), labels, counts);
    }

    /// <summary>
    /// Sum over series of (value at end − value at start); a series born inside the window counts from 0. The start
    /// value is the newest sample at or before the start however old: a counter that was quiet for longer than the
    /// lookback still has its earlier total, which must not be counted again as new requests or errors.
    /// </summary>
    private static double Increase(IReadOnlyList<SeriesData> series, long startMs, long endMs)
    {
        var sum = 0.0;
        foreach (var s in series)
        {
            var end = s.ValueAt(endMs, LookbackMs);
            if (end is null)
            {
                continue;
            }
            var start = s.ValueAt(startMs, long.MaxValue) ?? 0;
            sum += Math.Max(0, end.Value - start);
        }
        return sum;
    }

    private static bool IsServerError(SeriesData series) => series.Labels.Get("code") is { Length: 3 } code && code[0] == '5';

    private static double? ParseBound(string? le) =>
        le == "+Inf" ? double.PositiveInfinity
        : double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound
        : null;

    public static string FormatSeconds(double seconds) =>
        seconds >= 1 ? $"{seconds:0.##} s" : $"{seconds * 1000:0.#} ms";
}
