using System.Text.Json;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Radar;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Components.Tests.Controls;

/// <summary>What the browser's ApexCharts receives, read as the JSON it is sent as.</summary>
public sealed class RadarChartsTests
{
    private readonly RadarOptions _options = new() { Window = TimeSpan.FromMinutes(1), HeatmapStep = TimeSpan.FromSeconds(15) };
    private readonly FakeTimeProvider _time = new(RadarSamples.Start);

    [Fact]
    public void The_heatmap_has_one_series_per_latency_bucket_and_one_point_per_column_with_the_request_counts()
    {
        var radar = Fixed(ServiceHealth.Ok, ["≤ 100 ms", "≤ 1 s", "> 1 s"], [[5, 0, 2, 0], [1, 3, 0, 0], [0, 0, 0, 7]]);

        var series = Json(RadarCharts.HeatmapSeries(radar));

        Assert.Equal(["≤ 100 ms", "≤ 1 s", "> 1 s"], series.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var counts = series.EnumerateArray()
            .Select(s => s.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("y").GetDouble()).ToArray())
            .ToArray();
        Assert.Equal([[5, 0, 2, 0], [1, 3, 0, 0], [0, 0, 0, 7]], counts);
        var columns = series[0].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("x").GetString());
        Assert.Equal(["11:59:15", "11:59:30", "11:59:45", "12:00:00"], columns);
    }

    [Fact]
    public void The_heatmap_counts_come_from_the_stored_histogram()
    {
        var store = RadarSamples.EmptyStore();
        RadarSamples.Record(store, _options, "checkout", _time.GetUtcNow().AddSeconds(-5),
            [.. RadarSamples.Repeat(0.05, 3), .. RadarSamples.Repeat(4, 2)]);
        var radar = Assert.Single(new RadarCalculator(_options).Compute(store, _time.GetUtcNow()).Services);

        var series = Json(RadarCharts.HeatmapSeries(radar)).EnumerateArray().ToArray();

        Assert.Equal(radar.Heatmap.RowLabels.Count, series.Length);
        var fastest = series[0].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("y").GetDouble());
        var upTo5s = series[5].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("y").GetDouble());
        Assert.Equal([0, 0, 0, 3], fastest);
        Assert.Equal([0, 0, 0, 2], upTo5s);
    }

    [Fact]
    public void A_finer_step_than_the_chart_can_draw_is_summed_into_adjacent_columns_without_losing_requests()
    {
        var columns = RadarCharts.MaxHeatmapColumns * 2;
        var ends = Enumerable.Range(0, columns).Select(k => _time.GetUtcNow().AddSeconds(-5 * (columns - 1 - k))).ToArray();
        var counts = Enumerable.Range(0, columns).Select(k => (double)k).ToArray();
        var radar = new ServiceRadar("checkout", ServiceHealth.Ok, [], 0.1, 0.2, 0.3, 1, 0, new ServiceThresholds(),
            new Heatmap(ends, ["≤ 100 ms"], [counts]), []);

        var points = Json(RadarCharts.HeatmapSeries(radar))[0].GetProperty("data").EnumerateArray().ToArray();

        Assert.Equal(RadarCharts.MaxHeatmapColumns, points.Length);
        Assert.Equal(counts.Sum(), points.Sum(p => p.GetProperty("y").GetDouble()));
        Assert.Equal(0 + 1, points[0].GetProperty("y").GetDouble());
        Assert.Equal("12:00:00", points[^1].GetProperty("x").GetString());
    }

    [Theory]
    [InlineData(ServiceHealth.Ok, RadarCharts.OkColour)]
    [InlineData(ServiceHealth.NoData, RadarCharts.OkColour)]
    [InlineData(ServiceHealth.Red, RadarCharts.RedColour)]
    public void The_heatmap_turns_red_with_its_service(ServiceHealth health, string colour)
    {
        var radar = Fixed(health, ["≤ 100 ms"], [[1, 1, 1, 1]]);

        Assert.Equal([colour], Colours(RadarCharts.HeatmapOptions(radar)));
        Assert.Equal([colour], Colours(RadarCharts.HeatmapLiveOptions(radar)));
    }

    [Fact]
    public void Ok_and_red_heatmaps_use_different_colours()
    {
        Assert.NotEqual(RadarCharts.OkColour, RadarCharts.RedColour, StringComparer.OrdinalIgnoreCase);
    }

    private ServiceRadar Fixed(ServiceHealth health, string[] rows, double[][] counts)
    {
        var ends = Enumerable.Range(0, 4).Select(k => _time.GetUtcNow().AddSeconds(-15 * (3 - k))).ToArray();
        return new ServiceRadar("checkout", health, [], 0.1, 0.2, 0.3, 1, 0, new ServiceThresholds(),
            new Heatmap(ends, rows, counts), []);
    }

    private static string[] Colours(object options) =>
        Json(options).GetProperty("colors").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
