using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics;

public sealed class TimeSeriesStoreTests
{
    private static readonly LabelSet ClaimsOk = LabelSet.From(("__name__", "requests_total"), ("service", "claims-api"), ("code", "200"));
    private static readonly LabelSet ClaimsFailed = LabelSet.From(("__name__", "requests_total"), ("service", "claims-api"), ("code", "500"));
    private static readonly LabelSet GatewayOk = LabelSet.From(("__name__", "requests_total"), ("service", "api-gw"), ("code", "200"));
    private static readonly LabelSet QueueDepth = LabelSet.From(("__name__", "queue_depth"), ("service", "ach-svc"));

    [Fact]
    public void Writes_create_series_and_counters_accumulate()
    {
        var store = new TimeSeriesStore(new MetricsOptions());

        store.Apply([Inc(ClaimsOk, 1, 1_000), Inc(ClaimsOk, 1, 2_000), Inc(ClaimsFailed, 1, 2_000)], 1);
        store.Apply([Inc(ClaimsOk, 3, 7_000)], 2);

        Assert.Equal(2, store.SeriesCount);
        Assert.True(store.Contains(ClaimsOk));
        Assert.False(store.Contains(GatewayOk));
        Assert.Equal(2, store.LastSequence);
        var ok = Assert.Single(store.Select("requests_total", l => l.Get("code") == "200", 0, 10_000));
        Assert.Equal([2_000L, 7_000L], ok.Timestamps);
        Assert.Equal([2d, 5d], ok.Values);
    }

    [Fact]
    public void A_gauge_keeps_the_value_it_was_last_set_to()
    {
        var store = new TimeSeriesStore(new MetricsOptions());

        store.Apply([Set(QueueDepth, 10, 1_000), Set(QueueDepth, 4, 2_000), Set(QueueDepth, 7, 6_000)], 1);

        var series = Assert.Single(store.Select("queue_depth", null, 0, 10_000));
        Assert.Equal([4d, 7d], series.Values);
    }

    [Fact]
    public void A_backfilled_counter_increment_raises_the_later_values_a_chart_shows()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([Inc(ClaimsOk, 1, 10_000), Inc(ClaimsOk, 1, 20_000)], 1);

        store.Apply([Inc(ClaimsOk, 5, 1_000)], 2);

        var series = Assert.Single(store.Select("requests_total", null, 0, 30_000));
        Assert.Equal([1_000L, 10_000L, 20_000L], series.Timestamps);
        Assert.Equal([5d, 6d, 7d], series.Values);
    }

    [Fact]
    public void Sample_resolution_comes_from_the_options()
    {
        var store = new TimeSeriesStore(new MetricsOptions { SampleResolution = TimeSpan.FromMinutes(1) });

        store.Apply([Inc(ClaimsOk, 1, 1_000), Inc(ClaimsOk, 1, 30_000), Inc(ClaimsOk, 1, 59_999), Inc(ClaimsOk, 1, 60_000)], 1);

        Assert.Equal([3d, 4d], Assert.Single(store.Select("requests_total", null, 0, 120_000)).Values);
    }

    [Fact]
    public void Select_returns_only_the_named_metric_that_passes_the_filter_within_the_inclusive_range()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([Inc(ClaimsOk, 1, 5_000), Inc(ClaimsOk, 1, 10_000), Inc(ClaimsOk, 1, 15_000), Inc(ClaimsOk, 1, 20_000),
            Inc(GatewayOk, 1, 10_000), Set(QueueDepth, 3, 10_000)], 1);

        var claims = store.Select("requests_total", l => l.Get("service") == "claims-api", 10_000, 15_000);

        var series = Assert.Single(claims);
        Assert.Equal(ClaimsOk, series.Labels);
        Assert.Equal([10_000L, 15_000L], series.Timestamps);
        Assert.Equal([2d, 3d], series.Values);
        Assert.Equal(2, store.Select("requests_total", null, 0, 30_000).Count);
        Assert.Empty(store.Select("no_such_metric", null, 0, 30_000));
    }

    [Fact]
    public void Select_with_an_open_ended_range_returns_every_sample()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([Inc(ClaimsOk, 1, 5_000), Inc(ClaimsOk, 1, 10_000)], 1);

        var series = Assert.Single(store.Select("requests_total", null, long.MinValue, long.MaxValue));

        Assert.Equal([1d, 2d], series.Values);
    }

    [Fact]
    public void Select_of_a_range_without_samples_still_names_the_series_with_no_samples()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([Inc(ClaimsOk, 1, 5_000)], 1);

        var series = Assert.Single(store.Select("requests_total", null, 6_000, 9_000));

        Assert.Empty(series.Timestamps);
    }

    [Fact]
    public void Trim_drops_samples_past_retention_and_series_left_empty()
    {
        var store = new TimeSeriesStore(new MetricsOptions { Retention = TimeSpan.FromMinutes(10) });
        var now = (long)TimeSpan.FromHours(1).TotalMilliseconds;
        var old = now - (long)TimeSpan.FromMinutes(11).TotalMilliseconds;
        var recent = now - (long)TimeSpan.FromMinutes(2).TotalMilliseconds;
        store.Apply([Inc(ClaimsOk, 1, old), Inc(ClaimsOk, 1, recent), Inc(ClaimsFailed, 1, old), Set(QueueDepth, 5, old)], 1);

        var dropped = store.Trim(now);

        Assert.Equal(2, dropped);
        Assert.Equal(1, store.SeriesCount);
        Assert.False(store.Contains(ClaimsFailed));
        Assert.Equal(["requests_total"], store.MetricNames());
        var remaining = Assert.Single(store.Select("requests_total", null, 0, now));
        Assert.Equal([recent], remaining.Timestamps);
        Assert.Equal([2d], remaining.Values);
        Assert.Empty(store.Select("queue_depth", null, 0, now));
    }

    [Fact]
    public void A_series_dropped_by_retention_starts_again_from_zero()
    {
        var store = new TimeSeriesStore(new MetricsOptions { Retention = TimeSpan.FromMinutes(10) });
        store.Apply([Inc(ClaimsFailed, 40, 1_000)], 1);
        var now = 1_000 + (long)TimeSpan.FromMinutes(11).TotalMilliseconds;
        store.Trim(now);

        store.Apply([Inc(ClaimsFailed, 1, now)], 2);

        Assert.Equal([1d], Assert.Single(store.Select("requests_total", null, 0, now)).Values);
    }

    [Fact]
    public void Metric_names_are_listed_in_order()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([Set(QueueDepth, 1, 1_000), Inc(ClaimsOk, 1, 1_000)], 1);

        Assert.Equal(["queue_depth", "requests_total"], store.MetricNames());
    }

    private static SeriesWrite Inc(LabelSet series, double by, long at) => new(series, true, by, at);

    private static SeriesWrite Set(LabelSet series, double value, long at) => new(series, false, value, at);
}
