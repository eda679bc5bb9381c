using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class SelectorEvaluationTests
{
    private static EngineFixture Store() => new EngineFixture()
        .Series("x{job=\"a\"}", (0, 1), (60, 2), (120, 3))
        .Series("x{job=\"b\"}", (0, 10))
        .Series("y{job=\"a\"}", (0, 5))
        .Series("z_total{job=\"c\",code=\"200\"}", (0, 7));

    [Fact]
    public void An_instant_selector_takes_the_newest_sample_within_the_lookback_and_keeps_the_name()
    {
        var result = Assert.IsType<VectorResult>(Store().Instant("x", 90));

        Assert.Equal([("{__name__=\"x\",job=\"a\"}", 2d), ("{__name__=\"x\",job=\"b\"}", 10d)],
            result.Samples.Select(s => (s.Labels.Key, s.Value)).ToArray());
        Assert.All(result.Samples, s => Assert.Equal(90_000, s.TimestampMs));
    }

    [Fact]
    public void The_lookback_window_includes_its_lower_bound()
    {
        var store = Store();

        Assert.Equal(10, store.Single("x{job=\"b\"}", 300));
        Assert.Empty(store.Vector("x{job=\"b\"}", 300.001));
    }

    [Fact]
    public void Offset_shifts_the_lookup_back_and_a_negative_offset_forward()
    {
        var store = Store();

        Assert.Equal(2, store.Single("x{job=\"a\"} offset 1m", 120));
        Assert.Equal(3, store.Single("x{job=\"a\"} offset -1m", 60));
    }

    [Theory]
    [InlineData("{job=\"a\"}", 2)]
    [InlineData("{__name__=~\"x|y\"}", 3)]
    [InlineData("x{job!=\"a\"}", 1)]
    [InlineData("x{job=~\"a|b\"}", 2)]
    [InlineData("x{job!~\"a\"}", 1)]
    [InlineData("{__name__=~\".+_total\",code=\"200\"}", 1)]
    [InlineData("x{missing=\"\"}", 2)]
    [InlineData("nothing", 0)]
    public void Matchers_select_series_by_name_and_labels(string selector, int count)
    {
        Assert.Equal(count, Store().Vector(selector, 10).Count);
    }

    [Fact]
    public void A_range_selector_returns_the_samples_in_the_window_with_both_ends_included()
    {
        var result = Assert.IsType<MatrixResult>(Store().Instant("x{job=\"a\"}[1m]", 120));

        var series = Assert.Single(result.Series);
        Assert.Equal("{__name__=\"x\",job=\"a\"}", series.Labels.Key);
        Assert.Equal([60_000L, 120_000L], series.Timestamps);
        Assert.Equal([2d, 3d], series.Values);
    }

    [Fact]
    public void A_subquery_evaluates_at_absolute_multiples_of_its_step()
    {
        var result = Assert.IsType<MatrixResult>(Store().Instant("x{job=\"a\"}[3m:1m]", 200));

        var series = Assert.Single(result.Series);
        Assert.Equal([60_000L, 120_000L, 180_000L], series.Timestamps);
        Assert.Equal([2d, 3d, 3d], series.Values);
    }

    [Fact]
    public void A_subquery_includes_a_point_exactly_at_the_start_of_its_range_and_defaults_to_a_one_minute_step()
    {
        var result = Assert.IsType<MatrixResult>(Store().Instant("x{job=\"a\"}[2m:] offset 30s", 150));

        var series = Assert.Single(result.Series);
        Assert.Equal([0L, 60_000L, 120_000L], series.Timestamps);
        Assert.Equal([1d, 2d, 3d], series.Values);
    }

    [Fact]
    public void Functions_over_subqueries_use_the_subquery_points()
    {
        Assert.Equal(3, Store().Single("max_over_time(x{job=\"a\"}[3m:1m])", 200));
        Assert.Equal(3, Store().Single("count_over_time((x{job=\"a\"})[3m:1m])", 200));
    }

    [Fact]
    public void Literals_evaluate_to_scalar_and_string_results()
    {
        var store = Store();

        Assert.Equal(new ScalarResult(5_000, 3), store.Instant("1 + 2", 5));
        Assert.Equal(new StringResult(5_000, "hi"), store.Instant("\"hi\"", 5));
        Assert.Equal(-8, Assert.IsType<ScalarResult>(store.Instant("-2 ^ 3", 5)).Value);
    }
}
