using HmsOps.Core.Dashboards;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>
/// ApexCharts options for gauge panels (a radialBar, one ring per value, filled from the panel's min to max and
/// coloured by the active threshold) and bar gauge panels (horizontal bars on a min..max axis, one colour per
/// bar). Only values with a number are drawn; the formatted text stays in HTML beside the chart, so the unit and
/// noValue text never depend on ApexCharts formatters (which would have to be JavaScript).
/// </summary>
public static class GaugeCharts
{
    private const string TrackColour = "#223041";

    public static IReadOnlyList<StatValue> Drawable(IReadOnlyList<StatValue> stats) => stats.Where(s => s.Value is not null).ToArray();

    /// <summary>Each value as the percentage of its min..max range a radialBar fills, clamped to 0..100.</summary>
    public static double[] GaugeSeries(IReadOnlyList<StatValue> stats) => Drawable(stats).Select(Percent).ToArray();

    public static object GaugeOptions(IReadOnlyList<StatValue> stats, int height)
    {
        var drawable = Drawable(stats);
        return new
        {
            chart = DashboardCharts.Chart("radialBar", height, sparkline: true),
            series = GaugeSeries(drawable),
            labels = drawable.Select(s => s.Name).ToArray(),
            colors = Colours(drawable),
            plotOptions = new
            {
                radialBar = new
                {
                    startAngle = -135,
                    endAngle = 135,
                    hollow = new { size = "55%" },
                    track = new { background = TrackColour },
                    dataLabels = new { show = false },
                },
            },
            stroke = new { lineCap = "butt" },
            legend = new { show = false },
            tooltip = new { enabled = false },
        };
    }

    /// <summary>Colours follow the thresholds as values move, so they ride along with each update.</summary>
    public static object GaugeLiveOptions(IReadOnlyList<StatValue> stats) => new { colors = Colours(Drawable(stats)) };

    public static object BarGaugeSeries(IReadOnlyList<StatValue> stats) => new[]
    {
        new { name = "value", data = Drawable(stats).Select(s => Math.Round(s.Value!.Value, 6)).ToArray() },
    };

    public static object BarGaugeOptions(IReadOnlyList<StatValue> stats, int height)
    {
        var drawable = Drawable(stats);
        var (min, max) = drawable.Count > 0 ? (drawable[0].Min, drawable[0].Max) : (0, 100);
        return new
        {
            chart = DashboardCharts.Chart("bar", height),
            series = BarGaugeSeries(drawable),
            colors = Colours(drawable),
            // distributed: one colour per bar (each value's own threshold colour), not one per series.
            plotOptions = new { bar = new { horizontal = true, distributed = true, barHeight = "70%" } },
            // With horizontal bars ApexCharts puts the values on the x axis: min and max bound the bars there.
            xaxis = new { categories = drawable.Select(s => s.Name).ToArray(), min, max, labels = new { style = new { colors = "#9FB0C2" } } },
            yaxis = new { labels = new { style = new { colors = "#9FB0C2" } } },
            dataLabels = new { enabled = false },
            legend = new { show = false },
            grid = new { borderColor = TrackColour },
            tooltip = new { theme = "dark" },
        };
    }

    public static object BarGaugeLiveOptions(IReadOnlyList<StatValue> stats)
    {
        var drawable = Drawable(stats);
        return new { colors = Colours(drawable), xaxis = new { categories = drawable.Select(s => s.Name).ToArray() } };
    }

    private static double Percent(StatValue stat) =>
        stat.Value is { } v && stat.Max > stat.Min ? Math.Round(Math.Clamp((v - stat.Min) / (stat.Max - stat.Min) * 100, 0, 100), 2) : 0;

    private static string[] Colours(IReadOnlyList<StatValue> stats) => stats.Select(s => s.Color).ToArray();
}
