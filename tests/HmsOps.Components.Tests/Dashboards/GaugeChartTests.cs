using System.Text.Json;
using Bunit;
using HmsOps.Console.Components.Controls;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Dashboards;

public sealed class GaugeChartTests : DashboardTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private IRenderedComponent<ApexChart> RenderChart(string type)
    {
        WriteDashboard("g.json", $$$"""
            { "uid": "g", "title": "G", "time": { "from": "now-5m", "to": "now" }, "refresh": "", "panels": [
              { "type": "{{{type}}}", "title": "CPU", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 8 },
                "fieldConfig": { "defaults": { "unit": "percent", "min": 0, "max": 200,
                  "thresholds": { "mode": "absolute", "steps": [ { "color": "green", "value": null }, { "color": "red", "value": 100 } ] } } },
                "targets": [ { "refId": "A", "expr": "cpu", "legendFormat": "{{host}}" } ] } ] }
            """);
        Source.Answer = _ => new VectorResult([
            new VectorSample(LabelSet.From(("host", "a")), 1_000, 50),
            new VectorSample(LabelSet.From(("host", "b")), 1_000, 150),
        ]);
        RenderInteractively();
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "g"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='panel-stat']").Count), Deadline);
        return page.FindComponent<ApexChart>();
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public void A_gauge_hands_apexcharts_a_radial_bar_filled_from_min_to_max_in_threshold_colours()
    {
        var chart = RenderChart("gauge");

        var options = Json(chart.Instance.Options);
        Assert.Equal("gauge", chart.Instance.Kind);
        Assert.Equal("radialBar", options.GetProperty("chart").GetProperty("type").GetString());
        Assert.Equal([25.0, 75.0], options.GetProperty("series").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["a", "b"], options.GetProperty("labels").EnumerateArray().Select(v => v.GetString()));
        var colours = options.GetProperty("colors").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.NotEqual(colours[0], colours[1]);
        Assert.Equal(colours, Json(chart.Instance.LiveOptions!).GetProperty("colors").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([25.0, 75.0], Json(chart.Instance.Series).EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void A_bar_gauge_hands_apexcharts_horizontal_bars_on_the_panels_min_max_axis()
    {
        var chart = RenderChart("bargauge");

        var options = Json(chart.Instance.Options);
        Assert.Equal("bar", options.GetProperty("chart").GetProperty("type").GetString());
        var bar = options.GetProperty("plotOptions").GetProperty("bar");
        Assert.True(bar.GetProperty("horizontal").GetBoolean());
        Assert.True(bar.GetProperty("distributed").GetBoolean());
        var xaxis = options.GetProperty("xaxis");
        Assert.Equal((0.0, 200.0), (xaxis.GetProperty("min").GetDouble(), xaxis.GetProperty("max").GetDouble()));
        Assert.Equal(["a", "b"], xaxis.GetProperty("categories").EnumerateArray().Select(v => v.GetString()));
        var series = Assert.Single(Json(chart.Instance.Series).EnumerateArray().ToArray());
        Assert.Equal([50.0, 150.0], series.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(2, options.GetProperty("colors").GetArrayLength());
    }

    [Fact]
    public void A_gauge_without_data_draws_no_chart_and_shows_no_data()
    {
        WriteDashboard("e.json", """
            { "uid": "e", "title": "E", "time": { "from": "now-5m", "to": "now" }, "refresh": "", "panels": [
              { "type": "gauge", "title": "CPU", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 8 }, "targets": [ { "refId": "A", "expr": "cpu" } ] } ] }
            """);
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "e"));

        page.WaitForAssertion(() => Assert.Contains("cpu", Source.Queries), Deadline);
        page.WaitForAssertion(() => Assert.Contains("No data", page.Find(".dash-stats").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Empty(page.FindComponents<ApexChart>());
    }
}
