using System.Globalization;
using HmsOps.Core.Dashboards;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>ApexCharts options and series for dashboard panels, computed in C# so they are tested without a browser.</summary>
public static class DashboardCharts
{
    /// <summary>As on the radar: ApexCharts draws one SVG rect per heatmap cell, so columns are summed down to this many.</summary>
    public const int MaxHeatmapColumns = 60;

    private static readonly string[] Palette = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#705DA0", "#37872D", "#FADE2A"];

    public static object LineSeries(IReadOnlyList<NamedSeries> series) => series.Select(s => new
    {
        name = s.Name,
        data = s.Timestamps.Select((t, i) => new object?[] { t, double.IsFinite(s.Values[i]) ? Math.Round(s.Values[i], 6) : null }).ToArray(),
    }).ToArray();

    public static object LineOptions(IReadOnlyList<NamedSeries> series, FieldDefaults defaults, int height) => new
    {
        chart = Chart("line", height),
        series = LineSeries(series),
        colors = Palette,
        stroke = new { width = 1.5, curve = "straight" },
        dataLabels = new { enabled = false },
        xaxis = new { type = "datetime", labels = new { datetimeUTC = false, style = new { colors = "#9FB0C2" } } },
        yaxis = YAxis(defaults),
        legend = new { show = series.Count > 1, position = "bottom", fontSize = "11px", labels = new { colors = "#9FB0C2" } },
        tooltip = new { theme = "dark", x = new { format = "HH:mm:ss" } },
        grid = new { borderColor = "#223041" },
        noData = new { text = "No data" },
    };

    /// <summary>
    /// Only the bounds the panel sets: an explicit null bound made ApexCharts keep the scale of the first, empty
    /// draw, so later data above it was drawn off the chart.
    /// </summary>
    public static Dictionary<string, object> YAxis(FieldDefaults defaults)
    {
        var axis = new Dictionary<string, object>
        {
            ["forceNiceScale"] = true,
            ["decimalsInFloat"] = defaults.Decimals ?? 2,
            ["labels"] = new { style = new { colors = "#9FB0C2" } },
        };
        if (defaults.Min is { } min)
        {
            axis["min"] = min;
        }
        if (defaults.Max is { } max)
        {
            axis["max"] = max;
        }
        return axis;
    }

    public static object HeatmapSeries(HeatmapData heatmap)
    {
        var columns = heatmap.Times.Count;
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
                    var value = heatmap.Counts[row][column];
                    count += double.IsFinite(value) ? value : 0;
                }
                return new
                {
                    x = DateTimeOffset.FromUnixTimeMilliseconds(heatmap.Times[start + width - 1]).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    y = Math.Round(count, 3),
                };
            }).ToArray(),
        }).ToArray();
    }

    public static object HeatmapOptions(HeatmapData heatmap, string colour, int height) => new
    {
        chart = Chart("heatmap", height),
        series = HeatmapSeries(heatmap),
        colors = new[] { colour },
        dataLabels = new { enabled = false },
        plotOptions = new { heatmap = new { enableShades = true, shadeIntensity = 0.95, radius = 0 } },
        stroke = new { width = 0.5, colors = new[] { "transparent" } },
        xaxis = new { type = "category", tickAmount = 4, labels = new { rotate = 0, style = new { colors = "#9FB0C2" } } },
        yaxis = new { labels = new { style = new { colors = "#9FB0C2" } } },
        legend = new { show = false },
        tooltip = new { theme = "dark" },
        noData = new { text = "No data" },
    };

    public static object HeatmapLiveOptions(string colour) => new { colors = new[] { colour } };

    /// <summary>The chart block every panel chart shares; a sparkline drops axes and padding (gauges).</summary>
    internal static object Chart(string type, int height, bool sparkline = false) => new
    {
        type,
        height,
        background = "transparent",
        foreColor = "#9FB0C2",
        animations = new { enabled = false },
        toolbar = new { show = false },
        zoom = new { enabled = false },
        parentHeightOffset = 0,
        sparkline = new { enabled = sparkline },
    };
}
