using HmsOps.Core.Dashboards;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class PanelValueTests
{
    private static readonly double[] Values = [3, double.NaN, 1, 4, 1, 5, double.NaN];

    [Theory]
    [InlineData("lastNotNull", 5)]
    [InlineData("firstNotNull", 3)]
    [InlineData("first", 3)]
    [InlineData("mean", 2.8)]
    [InlineData("max", 5)]
    [InlineData("min", 1)]
    [InlineData("sum", 14)]
    [InlineData("count", 7)]
    [InlineData("range", 4)]
    [InlineData("diff", 2)]
    [InlineData("median", 3)]
    [InlineData("current", 5)]
    public void Reducers_skip_gaps_as_grafana_does(string calc, double expected)
    {
        Assert.Equal(expected, Reducer.Reduce(calc, Values)!.Value, 9);
    }

    [Fact]
    public void Last_reports_a_trailing_gap_as_no_value_and_empty_series_reduce_to_nothing()
    {
        Assert.Null(Reducer.Reduce("last", Values));
        Assert.Null(Reducer.Reduce("mean", []));
        Assert.Equal(8, Reducer.Reduce("delta", [10, 15, 3])); // 5 up, then a reset counted from 0
    }

    [Theory]
    [InlineData(-5, "green")]
    [InlineData(79.9, "green")]
    [InlineData(80, "orange")]
    [InlineData(95, "red")]
    public void The_active_threshold_is_the_highest_step_at_or_below_the_value(double value, string colour)
    {
        var thresholds = new Thresholds(ThresholdsMode.Absolute,
            [new ThresholdStep("green", null), new ThresholdStep("red", 90), new ThresholdStep("orange", 80)]);

        Assert.Equal(colour, ThresholdColors.Active(thresholds, value)!.Color);
    }

    [Fact]
    public void Percentage_thresholds_place_the_value_between_min_and_max()
    {
        var thresholds = new Thresholds(ThresholdsMode.Percentage, [new ThresholdStep("green", null), new ThresholdStep("red", 50)]);

        Assert.Equal("green", ThresholdColors.Active(thresholds, 0.4, min: 0, max: 1)!.Color);
        Assert.Equal("red", ThresholdColors.Active(thresholds, 0.6, min: 0, max: 1)!.Color);
        Assert.Equal("#F2495C", ThresholdColors.Css("red"));
        Assert.Equal("#abcdef", ThresholdColors.Css("#abcdef"));
        Assert.True(ThresholdColors.IsRed("dark-red"));
        Assert.False(ThresholdColors.IsRed("green"));
    }

    [Theory]
    [InlineData(0.3705, "s", null, "371 ms")]
    [InlineData(4.8612, "s", null, "4.86 s")]
    [InlineData(1, "s", null, "1 s")]
    [InlineData(90, "s", null, "1.50 min")]
    [InlineData(0.0000025, "s", null, "2.50 µs")]
    [InlineData(1500, "ms", null, "1.50 s")]
    [InlineData(250, "ms", 1, "250.0 ms")]
    [InlineData(12.345, "percent", 1, "12.3%")]
    [InlineData(0.05, "percentunit", null, "5%")]
    [InlineData(0.0123, "percentunit", 2, "1.23%")]
    [InlineData(1234, "short", null, "1.23 K")]
    [InlineData(2_500_000, "short", null, "2.50 Mil")]
    [InlineData(42, "short", null, "42")]
    [InlineData(1536, "bytes", null, "1.50 KiB")]
    [InlineData(1_000_000, "decbytes", 0, "1 MB")]
    [InlineData(12.5, "reqps", null, "12.5 req/s")]
    [InlineData(2000, "ops", null, "2 Kops/s")]
    [InlineData(7, "widgets", null, "7 widgets")]
    [InlineData(3.14159, "none", 2, "3.14")]
    public void Units_format_as_grafana_shows_them(double value, string unit, int? decimals, string expected)
    {
        Assert.Equal(expected, UnitFormatter.Format(value, unit, decimals));
    }

    [Fact]
    public void No_value_says_so()
    {
        Assert.Equal("No data", UnitFormatter.Format(null, "s"));
    }

    [Theory]
    [InlineData("{{service}} p95", "api-gw p95")]
    [InlineData("{{ route }} / {{missing}}", "/claims / ")]
    [InlineData(null, "hms_http_requests_total{route=\"/claims\", service=\"api-gw\"}")]
    public void Legends_use_grafanas_label_placeholders(string? format, string expected)
    {
        var labels = LabelSet.From(("__name__", "hms_http_requests_total"), ("service", "api-gw"), ("route", "/claims"));

        Assert.Equal(expected, LegendFormatter.Name(labels, format, "expr"));
    }

    [Fact]
    public void Cumulative_buckets_are_decumulated_per_le_at_every_timestamp()
    {
        static MatrixSeries Bucket(string le, params double[] values) =>
            new(LabelSet.From(("le", le)), [1000, 2000], values);
        var matrix = new MatrixResult([Bucket("+Inf", 10, 20), Bucket("0.5", 7, 12), Bucket("0.1", 2, 3)]);

        var heatmap = HeatmapBuckets.FromMatrix(matrix);

        Assert.Equal(["≤ 0.1", "≤ 0.5", "> 0.5"], heatmap.RowLabels);
        Assert.Equal([2, 3], heatmap.Counts[0]);
        Assert.Equal([5, 9], heatmap.Counts[1]);
        Assert.Equal([3, 8], heatmap.Counts[2]);
        Assert.Equal(30, heatmap.Total);
    }
}

public sealed class NoValueTests
{
    private static readonly Dashboard Fixture = DashboardParser.Parse(File.ReadAllText("/work/shared/fixtures/grafana/aspnetcore.json"), "aspnetcore.json");

    [Fact]
    public void The_fixtures_request_stats_carry_grafanas_no_value_text()
    {
        Assert.Equal("0", Fixture.Panels.Single(p => p.Title == "Total Requests").Defaults.NoValue);
        Assert.Equal("0", Fixture.Panels.Single(p => p.Title == "Total Unhandled Exceptions").Defaults.NoValue);
        Assert.Null(Fixture.Panels.Single(p => p.Title == "Current Requests").Defaults.NoValue);
        Assert.Null(Fixture.Panels.Single(p => p.Title == "Requests Duration").Defaults.NoValue);
    }

    [Fact]
    public void A_stat_without_data_shows_its_no_value_text_uncoloured_and_never_red()
    {
        var panel = Fixture.Panels.Single(p => p.Title == "Total Requests");
        var target = panel.Targets[0];

        var stats = PanelModels.Stats(panel, "Total Requests", [new TargetResult(target, new VectorResult([]), null, null)]);

        var stat = Assert.Single(stats);
        Assert.Equal(("Total Requests", "0", (double?)null, false), (stat.Name, stat.Text, stat.Value, stat.IsRed));
        Assert.Equal(PanelModels.NeutralColor, stat.Color);
    }

    [Fact]
    public void A_series_whose_reduction_has_no_value_shows_the_no_value_text()
    {
        var panel = Fixture.Panels.Single(p => p.Title == "Total Requests") with { Calcs = ["last"] };
        var data = new MatrixResult([new MatrixSeries(LabelSet.Empty, [1_000, 2_000], [5, double.NaN])]);

        var stat = Assert.Single(PanelModels.Stats(panel, "Total Requests", [new TargetResult(panel.Targets[0], data, null, null)]));

        Assert.Equal("0", stat.Text);
    }

    [Fact]
    public void Without_no_value_an_empty_stat_panel_has_no_stats()
    {
        var panel = Fixture.Panels.Single(p => p.Title == "Total Requests");
        panel = panel with { Defaults = panel.Defaults with { NoValue = null } };

        Assert.Empty(PanelModels.Stats(panel, "Total Requests", [new TargetResult(panel.Targets[0], new VectorResult([]), null, null)]));
    }
}
