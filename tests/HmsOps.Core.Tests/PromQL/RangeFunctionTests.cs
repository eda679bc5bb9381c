namespace HmsOps.Core.Tests.PromQL;

public sealed class RangeFunctionTests
{
    private const double Tolerance = 1e-12;

    private static EngineFixture Counter(params double[] values) =>
        new EngineFixture().Series("c{job=\"a\"}", values.Select((v, i) => (15.0 * (i + 1), v)).ToArray());

    [Fact]
    public void Rate_extrapolates_to_the_window_edges_when_samples_are_close_to_them()
    {
        // Samples at 15..60s in [0, 60]: 15s to the start (< 1.1 x 15s average), 0s to the end: 3 x 60/45.
        var store = Counter(1, 2, 3, 4);

        Assert.Equal(4, store.Single("increase(c[1m])", 60), Tolerance);
        Assert.Equal(4.0 / 60, store.Single("rate(c[1m])", 60), Tolerance);
        Assert.Equal(4, store.Single("delta(c[1m])", 60), Tolerance);
    }

    [Fact]
    public void Rate_drops_the_metric_name()
    {
        Assert.Equal("{job=\"a\"}", Assert.Single(Counter(1, 2).Vector("rate(c[1m])", 60)).Labels);
    }

    [Fact]
    public void A_counter_is_not_extrapolated_below_zero()
    {
        // The zero point is 7.5s before the first sample, nearer than the window start (15s).
        Assert.Equal(3.0 * 52.5 / 45, Counter(0.5, 1.5, 2.5, 3.5).Single("increase(c[1m])", 60), Tolerance);
        Assert.Equal(4, Counter(10, 11, 12, 13).Single("increase(c[1m])", 60), Tolerance);
    }

    [Fact]
    public void Counter_resets_add_the_value_before_the_drop()
    {
        // 4 - 5 + 10 = 9 over 45s, extrapolated to 60s.
        Assert.Equal(12, Counter(5, 10, 2, 4).Single("increase(c[1m])", 60), Tolerance);
        // delta does not correct resets: -1 x 60/45.
        Assert.Equal(-4.0 / 3, Counter(5, 10, 2, 4).Single("delta(c[1m])", 60), Tolerance);
    }

    [Fact]
    public void Far_from_the_edge_extrapolation_is_half_an_average_interval()
    {
        var store = new EngineFixture().Series("g", (40, 1), (50, 2), (60, 3));

        // 40s to the start is beyond 1.1 x 10s: extend by 5s only. 2 x 25/20.
        Assert.Equal(2.5, store.Single("delta(g[1m])", 60), Tolerance);
        // As a counter the zero point (10s back) is nearer than 11s, so it extends by 10s: 2 x 30/20.
        Assert.Equal(3, store.Single("increase(g[1m])", 60), Tolerance);
    }

    [Fact]
    public void Rate_needs_two_samples_in_the_window()
    {
        Assert.Empty(Counter(1).Vector("rate(c[1m])", 60));
        Assert.Empty(Counter(1, 2).Vector("rate(c[10s])", 60));
    }

    [Fact]
    public void Irate_and_idelta_use_the_last_two_samples()
    {
        Assert.Equal(2.0 / 15, Counter(1, 2, 2, 4).Single("irate(c[1m])", 60), Tolerance);
        Assert.Equal(2.0 / 15, Counter(1, 2, 10, 2).Single("irate(c[1m])", 60), Tolerance);
        Assert.Equal(-8, Counter(1, 2, 10, 2).Single("idelta(c[1m])", 60), Tolerance);
    }

    [Fact]
    public void Over_time_functions_aggregate_the_window()
    {
        var store = new EngineFixture().Series("g{job=\"a\"}", (10, 1), (20, 5), (30, 3));

        Assert.Equal(3, store.Single("avg_over_time(g[1m])", 30));
        Assert.Equal(1, store.Single("min_over_time(g[1m])", 30));
        Assert.Equal(5, store.Single("max_over_time(g[1m])", 30));
        Assert.Equal(9, store.Single("sum_over_time(g[1m])", 30));
        Assert.Equal(3, store.Single("count_over_time(g[1m])", 30));
        Assert.Equal(3, store.Single("quantile_over_time(0.5, g[1m])", 30));
        Assert.Equal(2, store.Single("quantile_over_time(0.25, g[1m])", 30));
        Assert.Equal(double.NegativeInfinity, store.Single("quantile_over_time(-1, g[1m])", 30));
        Assert.Equal(double.PositiveInfinity, store.Single("quantile_over_time(2, g[1m])", 30));
        Assert.True(double.IsNaN(store.Single("quantile_over_time(NaN, g[1m])", 30)));
        Assert.Equal("{job=\"a\"}", store.Vector("sum_over_time(g[1m])", 30)[0].Labels);
    }

    [Fact]
    public void Last_over_time_keeps_the_metric_name()
    {
        var store = new EngineFixture().Series("g{job=\"a\"}", (10, 1), (20, 5));

        Assert.Equal([("{__name__=\"g\",job=\"a\"}", 5d)], store.Vector("last_over_time(g[1m])", 30));
    }

    [Fact]
    public void Avg_over_time_keeps_an_infinite_mean()
    {
        var store = new EngineFixture().Series("g", (10, double.PositiveInfinity), (20, 5), (30, double.PositiveInfinity));

        Assert.Equal(double.PositiveInfinity, store.Single("avg_over_time(g[1m])", 30));
    }

    [Fact]
    public void Sum_over_time_uses_compensated_summation_as_prometheus_2_42()
    {
        var store = new EngineFixture().Series("k", (10, 1e16), (20, 1), (30, -1e16));

        Assert.Equal(1, store.Single("sum_over_time(k[1m])", 30));
    }

    [Fact]
    public void Dropping_the_name_must_not_leave_two_series_with_the_same_labels()
    {
        var store = new EngineFixture().Series("a{job=\"x\"}", (10, 1), (20, 2)).Series("b{job=\"x\"}", (10, 1), (20, 2));

        var error = Assert.Throws<HmsOps.Core.PromQL.PromQLException>(() => store.Instant("rate({job=\"x\"}[1m])", 30));

        Assert.Equal("vector cannot contain metrics with the same labelset", error.Message);
        Assert.Equal(2, store.Vector("last_over_time({job=\"x\"}[1m])", 30).Count);
    }
}
