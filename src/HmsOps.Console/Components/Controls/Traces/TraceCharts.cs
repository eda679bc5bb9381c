using HmsOps.Core.Traces;

namespace HmsOps.Console.Components.Controls.Traces;

/// <summary>The duration scatter's ApexCharts options and series: x the trace's start, y its duration in ms, failed traces red.</summary>
public static class TraceCharts
{
    public const string OkColor = "#5794F2";
    public const string ErrorColor = "#F2495C";

    public static object ScatterSeries(IReadOnlyList<TraceSummary> traces) => new object[]
    {
        new { name = "ok", data = Points(traces.Where(t => t.ErrorCount == 0)) },
        new { name = "with errors", data = Points(traces.Where(t => t.ErrorCount > 0)) },
    };

    /// <summary>Trace ids in the same order as the points of <see cref="ScatterSeries"/>, per series: a click maps back through them.</summary>
    public static string[][] IdsBySeries(IReadOnlyList<TraceSummary> traces) =>
    [
        [.. traces.Where(t => t.ErrorCount == 0).Select(t => t.TraceId)],
        [.. traces.Where(t => t.ErrorCount > 0).Select(t => t.TraceId)],
    ];

    public static object ScatterOptions(IReadOnlyList<TraceSummary> traces) => new
    {
        chart = new
        {
            type = "scatter",
            height = 220,
            animations = new { enabled = false },
            toolbar = new { show = false },
            zoom = new { enabled = false },
            background = "transparent",
        },
        series = ScatterSeries(traces),
        colors = new[] { OkColor, ErrorColor },
        markers = new { size = 5 },
        dataLabels = new { enabled = false },
        xaxis = new { type = "datetime", labels = new { datetimeUTC = true, style = new { colors = "#9FB0C2" } } },
        yaxis = new { title = new { text = "duration (ms)" }, forceNiceScale = true, decimalsInFloat = 1, labels = new { style = new { colors = "#9FB0C2" } } },
        legend = new { show = true, position = "top", labels = new { colors = "#9FB0C2" } },
        tooltip = new { theme = "dark", intersect = true, shared = false, x = new { format = "HH:mm:ss" } },
        grid = new { borderColor = "#223041" },
        noData = new { text = "No traces" },
    };

    private static object[][] Points(IEnumerable<TraceSummary> traces) =>
        [.. traces.Select(t => new object[] { t.StartUnixMicros / 1000, Math.Round(t.DurationMicros / 1000d, 3) })];
}
