using HmsOps.Core.Metrics;
using HmsOps.Core.Radar;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Radar;

public sealed class RadarCalculatorTests
{
    private const string Latency = "hms_http_request_duration_seconds";
    private const string Requests = "hms_http_requests_total";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricsOptions Metrics = new() { Buckets = { [Latency] = [0.1, 0.5, 1] } };

    private readonly TimeSeriesStore _store = new(Metrics);
    private readonly MetricExpander _expander = new(Metrics);

    [Fact]
    public void The_heatmap_counts_each_column_s_requests_per_latency_bucket()
    {
        FillClaimsApi();

        var claims = Compute(new RadarOptions()).Single(s => s.Service == "claims-api");

        var heatmap = claims.Heatmap;
        Assert.Equal(60, heatmap.ColumnEnds.Count);
        Assert.Equal(Now, heatmap.ColumnEnds[^1]);
        Assert.Equal(Now.AddSeconds(-59 * 15), heatmap.ColumnEnds[0]);
        Assert.Equal(["≤ 100 ms", "≤ 500 ms", "≤ 1 s", "> 1 s"], heatmap.RowLabels);
        Assert.Equal([3d, 0d, 1d, 0d], Column(heatmap, 58));
        Assert.Equal([0d, 2d, 0d, 1d], Column(heatmap, 59));
        Assert.Equal(7, heatmap.Total);
    }

    [Fact]
    public void Current_quantiles_rate_and_error_ratio_come_from_the_last_minute()
    {
        FillClaimsApi();

        var claims = Compute(new RadarOptions()).Single(s => s.Service == "claims-api");

        // Cumulative over the minute: <=0.1: 3, <=0.5: 5, <=1: 6, +Inf: 7.
        Assert.Equal(0.2, claims.P50Seconds!.Value, 9);   // rank 3.5: 0.5 of 2 into (0.1, 0.5]
        Assert.Equal(1.0, claims.P95Seconds!.Value, 9);   // rank 6.65 is in +Inf: the highest finite bound
        Assert.Equal(7 / 60.0, claims.RequestsPerSecond, 9);
        Assert.Equal(2 / 7.0, claims.ErrorRatio!.Value, 9);
        Assert.Equal(2 / 3.0, claims.ErrorRatioSeries[^1].Value!.Value, 9);
        Assert.Equal(0.0, claims.ErrorRatioSeries[^2].Value!.Value, 9);
        Assert.Null(claims.ErrorRatioSeries[0].Value);
    }

    [Fact]
    public void A_service_over_its_latency_threshold_is_red_and_says_why()
    {
        FillClaimsApi();
        var options = new RadarOptions
        {
            Services = { ["claims-api"] = new ServiceThresholds { LatencyP95ThresholdSeconds = 0.5, ErrorRateThreshold = 0.5 } },
        };

        var claims = Compute(options).Single(s => s.Service == "claims-api");

        Assert.Equal(ServiceHealth.Red, claims.Health);
        Assert.Equal(["p95 1 s is over 500 ms"], claims.Reasons);
    }

    [Fact]
    public void A_service_over_its_error_rate_threshold_is_red_and_says_why()
    {
        FillClaimsApi();
        var options = new RadarOptions
        {
            DefaultThresholds = new ServiceThresholds { LatencyP95ThresholdSeconds = 10, ErrorRateThreshold = 0.05 },
        };

        var claims = Compute(options).Single(s => s.Service == "claims-api");

        Assert.Equal(ServiceHealth.Red, claims.Health);
        var reason = Assert.Single(claims.Reasons);
        Assert.StartsWith("error rate ", reason, StringComparison.Ordinal);
        Assert.Contains("is over", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_within_its_thresholds_is_ok_with_no_reasons()
    {
        FillClaimsApi();
        var options = new RadarOptions
        {
            DefaultThresholds = new ServiceThresholds { LatencyP95ThresholdSeconds = 1.0, ErrorRateThreshold = 0.5 },
        };

        var claims = Compute(options).Single(s => s.Service == "claims-api");

        Assert.Equal(ServiceHealth.Ok, claims.Health);
        Assert.Empty(claims.Reasons);
    }

    [Fact]
    public void A_configured_service_without_data_shows_no_data_next_to_the_services_seen_in_metrics()
    {
        FillClaimsApi();
        var options = new RadarOptions { Services = { ["ach-svc"] = new ServiceThresholds() } };

        var services = Compute(options);

        Assert.Equal(["ach-svc", "claims-api"], services.Select(s => s.Service));
        var ach = services[0];
        Assert.Equal(ServiceHealth.NoData, ach.Health);
        Assert.Null(ach.P95Seconds);
        Assert.Null(ach.ErrorRatio);
        Assert.Equal(0, ach.RequestsPerSecond);
        Assert.Equal(0, ach.Heatmap.Total);
        Assert.Empty(ach.Reasons);
    }

    [Fact]
    public void Requests_older_than_the_current_window_leave_the_card_without_data_but_stay_on_the_heatmap()
    {
        var tenMinutesAgo = Now.AddMinutes(-10).ToUnixTimeMilliseconds();
        Observe("claims-api", 2.0, tenMinutesAgo);
        Request("claims-api", "500", tenMinutesAgo);

        var claims = Compute(new RadarOptions()).Single();

        Assert.Equal(ServiceHealth.NoData, claims.Health);
        Assert.Null(claims.P95Seconds);
        Assert.Equal(1, claims.Heatmap.Total);
    }

    [Fact]
    public void An_empty_store_has_no_services()
    {
        Assert.Empty(Compute(new RadarOptions()));
    }

    [Fact]
    public void Errors_counted_long_ago_do_not_come_back_when_a_quiet_error_series_moves_again()
    {
        // Steady traffic: 10 successes in the last minute. The 500 series last moved 14 minutes ago
        // (40 errors back then) and gets one more error now: the current error ratio is 1 in 11.
        var at = (TimeSpan ago) => Now.Subtract(ago).ToUnixTimeMilliseconds();
        Request("claims-api", "200", at(TimeSpan.FromMinutes(14)), 100);
        Request("claims-api", "500", at(TimeSpan.FromMinutes(14)), 40);
        for (var minute = 13; minute >= 1; minute--)
        {
            Request("claims-api", "200", at(TimeSpan.FromMinutes(minute)), 10);
        }
        Request("claims-api", "200", at(TimeSpan.FromSeconds(30)), 10);
        Request("claims-api", "500", at(TimeSpan.FromSeconds(30)));

        var claims = Compute(new RadarOptions()).Single();

        Assert.Equal(1 / 11.0, claims.ErrorRatio!.Value, 9);
        Assert.Equal(ServiceHealth.Red, claims.Health);
        Assert.Equal(11 / 60.0, claims.RequestsPerSecond, 9);
    }

    [Fact]
    public void Errors_counted_before_the_radar_window_do_not_come_back_either()
    {
        var at = (TimeSpan ago) => Now.Subtract(ago).ToUnixTimeMilliseconds();
        Request("claims-api", "500", at(TimeSpan.FromHours(2)), 40);
        Request("claims-api", "200", at(TimeSpan.FromSeconds(30)), 19);
        Request("claims-api", "500", at(TimeSpan.FromSeconds(30)));

        var claims = Compute(new RadarOptions()).Single();

        Assert.Equal(1 / 20.0, claims.ErrorRatio!.Value, 9);
    }

    [Theory]
    [InlineData(0.0005, "0.5 ms")]
    [InlineData(0.1, "100 ms")]
    [InlineData(0.25, "250 ms")]
    [InlineData(1, "1 s")]
    [InlineData(2.5, "2.5 s")]
    public void Seconds_are_shown_in_the_unit_a_person_would_use(double seconds, string expected)
    {
        Assert.Equal(expected, RadarCalculator.FormatSeconds(seconds));
    }

    /// <summary>
    /// claims-api: 20 s ago three requests took 50 ms and one 700 ms; 5 s ago two took 300 ms and one 2 s.
    /// Two of the later three failed with 500.
    /// </summary>
    private void FillClaimsApi()
    {
        var earlier = Now.AddSeconds(-20).ToUnixTimeMilliseconds();
        var later = Now.AddSeconds(-5).ToUnixTimeMilliseconds();
        foreach (var seconds in new[] { 0.05, 0.05, 0.05, 0.7 })
        {
            Observe("claims-api", seconds, earlier);
        }
        foreach (var seconds in new[] { 0.3, 0.3, 2.0 })
        {
            Observe("claims-api", seconds, later);
        }
        Request("claims-api", "200", earlier, 4);
        Request("claims-api", "200", later);
        Request("claims-api", "500", later, 2);
    }

    private IReadOnlyList<ServiceRadar> Compute(RadarOptions options) => new RadarCalculator(options).Compute(_store, Now).Services;

    private void Observe(string service, double seconds, long atMs) =>
        Apply(new MetricEvent(Latency, MetricKind.Timing, seconds, LabelSet.From(("service", service), ("route", "/claims")), atMs));

    private void Request(string service, string code, long atMs, double count = 1) =>
        Apply(new MetricEvent(Requests, MetricKind.Counter, count, LabelSet.From(("service", service), ("code", code)), atMs));

    private void Apply(MetricEvent metric)
    {
        var writes = new List<SeriesWrite>();
        _expander.Expand(metric, writes);
        _store.Apply(writes, _store.LastSequence + 1);
    }

    private static double[] Column(Heatmap heatmap, int column) => heatmap.Counts.Select(row => row[column]).ToArray();
}
