using System.Globalization;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Dashboards;

/// <summary>Counts per bucket per time column: <see cref="Counts"/>[row][column], rows from the lowest bound up.</summary>
public sealed record HeatmapData(IReadOnlyList<long> Times, IReadOnlyList<string> RowLabels, double[][] Counts)
{
    public static readonly HeatmapData Empty = new([], [], []);

    public double Total => Counts.Sum(row => row.Where(v => !double.IsNaN(v)).Sum());
}

/// <summary>
/// Grafana's "heatmap from buckets" for Prometheus: series carrying an <c>le</c> label are cumulative bucket
/// counts, so at every timestamp each bucket's count is its value minus the next lower bucket's (never below 0).
/// Series without <c>le</c> are drawn one row each, as Grafana does for time series buckets.
/// </summary>
public static class HeatmapBuckets
{
    public static HeatmapData FromMatrix(MatrixResult matrix, Func<MatrixSeries, string>? rowName = null)
    {
        if (matrix.Series.Count == 0)
        {
            return HeatmapData.Empty;
        }
        var times = matrix.Series.SelectMany(s => s.Timestamps).Distinct().Order().ToArray();
        var column = times.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var buckets = matrix.Series
            .Select(s => (Series: s, Bound: ParseBound(s.Labels.Get("le"))))
            .ToArray();
        var cumulative = buckets.All(b => b.Bound is not null);
        var ordered = cumulative
            ? buckets.OrderBy(b => b.Bound!.Value).ToArray()
            : buckets.OrderBy(b => rowName?.Invoke(b.Series) ?? b.Series.Labels.Key, StringComparer.Ordinal).ToArray();

        var counts = ordered.Select(_ => Enumerable.Repeat(double.NaN, times.Length).ToArray()).ToArray();
        for (var r = 0; r < ordered.Length; r++)
        {
            var series = ordered[r].Series;
            for (var k = 0; k < series.Timestamps.Length; k++)
            {
                counts[r][column[series.Timestamps[k]]] = series.Values[k];
            }
        }
        if (cumulative)
        {
            for (var c = 0; c < times.Length; c++)
            {
                var below = 0.0;
                for (var r = 0; r < ordered.Length; r++)
                {
                    var value = counts[r][c];
                    if (double.IsNaN(value))
                    {
                        continue;
                    }
                    counts[r][c] = Math.Max(0, value - below);
                    below = Math.Max(below, value);
                }
            }
        }
        var labels = cumulative
            ? ordered.Select((b, i) => BucketLabel(b.Bound!.Value, i == 0 ? null : ordered[i - 1].Bound)).ToArray()
            : ordered.Select(b => rowName?.Invoke(b.Series) ?? b.Series.Labels.Key).ToArray();
        return new HeatmapData(times, labels, counts);
    }

    private static string BucketLabel(double bound, double? previous) =>
        double.IsPositiveInfinity(bound)
            ? "> " + (previous ?? 0).ToString("G6", CultureInfo.InvariantCulture)
            : "≤ " + bound.ToString("G6", CultureInfo.InvariantCulture);

    private static double? ParseBound(string? le) =>
        le is null ? null
        : le == "+Inf" ? double.PositiveInfinity
        : double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound
        : null;
}
