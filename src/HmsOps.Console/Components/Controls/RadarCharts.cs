using System.Globalization;
using HmsOps.Core.Radar;

namespace HmsOps.Console.Components.Controls;

/// <summary>
/// ApexCharts options and series for a radar card, computed in C# so the numbers are tested without a browser.
/// Heatmap rows go fastest bucket first (drawn at the bottom); colour intensity is the request count.
/// </summary>
public static class RadarCharts
{
    public const string OkColour = "#4FC3F7";
    public const string RedColour = "#FF5252";

    /// <summary>
    /// The most heatmap columns sent to the browser (15 minutes at the default 15 s step). ApexCharts draws one
    /// SVG rect per cell and forces a layout for each, so 14 buckets × 180 columns (a 5 s step) took about a
    /// second per chart per redraw in a busy headless Chromium. Finer steps are summed into adjacent groups, newest group last; an
    /// incomplete oldest group is left out so every column covers the same time.
    /// </summary>
    public const int MaxHeatmapColumns = 60;

    public static object HeatmapSeries(ServiceRadar radar)
    {
        var heatmap = radar.Heatmap;
        var columns = heatmap.ColumnEnds.Count;
        var width = Math.Max(1, (columns + MaxHeatmapColumns - 1) / MaxHeatmapColumns);
        var groups = columns / width;
        var first = columns - groups * width;
        return heatmap.RowLabels.Select((label, row) => new
        {
            name = label,
            data = Enumerable.Range(0, groups).Select(group =>
            {
                var start = first + group * width;
                var count = 0.0;
                for (var column = start; column < start + width; column++)
                {
                    count += heatmap.Counts[row][column];
                }
                return new
                {
                    x = heatmap.ColumnEnds[start + width - 1].ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    y = Math.Round(count, 2),
                };
            }).ToArray(),
        }).ToArray();
    }

    public static object HeatmapOptions(ServiceRadar radar) => new
    {
        chart = Chart("heatmap", 230),
        series = HeatmapSeries(radar),
        colors = new[] { Colour(radar) },
        dataLabels = new { enabled = false },
        plotOptions = new { heatmap = new { enableShades = true, shadeIntensity = 0.95, radius = 0 } },
        // Gaps between cells show the card behind them, in the dark and the light theme alike.
        stroke = new { width = 0.5, colors = new[] { "transparent" } },
        xaxis = new { type = "category", tickAmount = 4, labels = new { rotate = 0, style = new { colors = "#9FB0C2" } } },
        yaxis = new { labels = new { style = new { colors = "#9FB0C2" } } },
        legend = new { show = false },
        tooltip = new { theme = "dark" },
        noData = new { text = "no requests yet" },
    };

    public static object HeatmapLiveOptions(ServiceRadar radar) => new { colors = new[] { Colour(radar) } };

    public static object ErrorRateSeries(ServiceRadar radar) => new[]
    {
        new
        {
            name = "error rate %",
            data = radar.ErrorRatioSeries
                .Select(p => new object?[] { p.At.ToUnixTimeMilliseconds(), p.Value is { } v ? Math.Round(v * 100, 2) : null })
                .ToArray(),
        },
    };

    public static object ErrorRateOptions(ServiceRadar radar) => new
    {
        chart = Chart("line", 110),
        series = ErrorRateSeries(radar),
        colors = new[] { RedColour },
        stroke = new { width = 2, curve = "straight" },
        dataLabels = new { enabled = false },
        xaxis = new { type = "datetime", labels = new { show = false }, axisTicks = new { show = false } },
        yaxis = new { min = 0, forceNiceScale = true, labels = new { style = new { colors = "#9FB0C2" } } },
        annotations = new
        {
            yaxis = new[]
            {
                new { y = radar.Thresholds.ErrorRateThreshold * 100, borderColor = "#FFB300", strokeDashArray = 4 },
            },
        },
        tooltip = new { theme = "dark", x = new { format = "HH:mm:ss" } },
        legend = new { show = false },
        grid = new { borderColor = "#223041" },
    };

    private static string Colour(ServiceRadar radar) => radar.Health == ServiceHealth.Red ? RedColour : OkColour;

    private static object Chart(string type, int height) => new
    {
        type,
        height,
        background = "transparent",
        foreColor = "#9FB0C2",
        animations = new { enabled = false },
        toolbar = new { show = false },
        zoom = new { enabled = false },
        parentHeightOffset = 0,
    };
}
