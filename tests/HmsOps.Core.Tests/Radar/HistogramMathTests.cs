using HmsOps.Core.Radar;

namespace HmsOps.Core.Tests.Radar;

/// <summary>Expected values are worked out by hand the way Prometheus's histogram_quantile does it.</summary>
public sealed class HistogramMathTests
{
    // 10 requests <= 100 ms, 20 more <= 500 ms, 10 more <= 1 s, none slower.
    private static readonly (double, double)[] Latencies =
        [(0.1, 10), (0.5, 30), (1, 40), (double.PositiveInfinity, 40)];

    [Theory]
    [InlineData(0.1, 0.04)]   // rank 4 of 10 in [0, 0.1]
    [InlineData(0.25, 0.1)]   // rank 10: exactly the top of the first bucket
    [InlineData(0.5, 0.3)]    // rank 20: 10 of 20 into (0.1, 0.5]
    [InlineData(0.95, 0.9)]   // rank 38: 8 of 10 into (0.5, 1]
    [InlineData(1.0, 1.0)]    // rank 40: the top of the last finite bucket
    [InlineData(0.0, 0.0)]
    public void Quantiles_interpolate_linearly_inside_the_bucket_that_holds_the_rank(double q, double expected)
    {
        Assert.Equal(expected, HistogramMath.Quantile(q, Latencies)!.Value, 9);
    }

    [Fact]
    public void A_rank_in_the_inf_bucket_returns_the_highest_finite_bound()
    {
        (double, double)[] buckets = [(0.1, 1), (0.5, 2), (double.PositiveInfinity, 10)];

        Assert.Equal(0.5, HistogramMath.Quantile(0.9, buckets));
        Assert.Equal(0.5, HistogramMath.Quantile(0.99, buckets));
    }

    [Fact]
    public void An_empty_bucket_between_two_full_ones_is_skipped()
    {
        (double, double)[] buckets = [(1, 5), (2, 5), (4, 10), (double.PositiveInfinity, 10)];

        // rank 7.5 lies in (2, 4]: 2.5 of 5 into it.
        Assert.Equal(3, HistogramMath.Quantile(0.75, buckets)!.Value, 9);
    }

    [Fact]
    public void A_first_bucket_with_a_bound_at_or_below_zero_returns_that_bound()
    {
        (double, double)[] buckets = [(0, 4), (1, 8), (double.PositiveInfinity, 8)];

        Assert.Equal(0, HistogramMath.Quantile(0.25, buckets));
    }

    [Fact]
    public void No_observations_means_no_quantile()
    {
        (double, double)[] buckets = [(0.1, 0), (1, 0), (double.PositiveInfinity, 0)];

        Assert.Null(HistogramMath.Quantile(0.95, buckets));
        Assert.Null(HistogramMath.Quantile(0.95, []));
    }

    [Fact]
    public void Buckets_without_inf_at_the_end_give_no_quantile()
    {
        Assert.Null(HistogramMath.Quantile(0.5, [(0.1, 1), (1, 2)]));
        Assert.Null(HistogramMath.Quantile(0.5, [(double.PositiveInfinity, 2)]));
    }

    [Fact]
    public void Quantiles_outside_zero_to_one_follow_prometheus()
    {
        Assert.Equal(double.NegativeInfinity, HistogramMath.Quantile(-0.1, Latencies));
        Assert.Equal(double.PositiveInfinity, HistogramMath.Quantile(1.1, Latencies));
        Assert.Null(HistogramMath.Quantile(double.NaN, Latencies));
    }

    [Fact]
    public void Decumulate_turns_cumulative_counts_into_per_bucket_counts_never_below_zero()
    {
        Assert.Equal([10d, 20d, 10d, 0d], HistogramMath.Decumulate([10, 30, 40, 40]));
        Assert.Equal([5d, 0d, 2d], HistogramMath.Decumulate([5, 3, 5]));
        Assert.Empty(HistogramMath.Decumulate([]));
    }
}
