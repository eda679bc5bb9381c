using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class AggregationEvaluationTests
{
    private static EngineFixture Store() => new EngineFixture()
        .Series("r{job=\"api\",code=\"200\",instance=\"1\"}", (0, 1))
        .Series("r{job=\"api\",code=\"500\",instance=\"1\"}", (0, 2))
        .Series("r{job=\"api\",code=\"200\",instance=\"2\"}", (0, 4))
        .Series("r{job=\"web\",code=\"200\",instance=\"1\"}", (0, 8));

    [Theory]
    [InlineData("sum(r)", "{}", 15)]
    [InlineData("sum by (job) (r)", "{job=\"api\"}", 7)]
    [InlineData("sum(r) by (job)", "{job=\"web\"}", 8)]
    [InlineData("avg by (job) (r)", "{job=\"api\"}", 7.0 / 3)]
    [InlineData("min by (job) (r)", "{job=\"api\"}", 1)]
    [InlineData("max by (job) (r)", "{job=\"api\"}", 4)]
    [InlineData("count by (job) (r)", "{job=\"api\"}", 3)]
    [InlineData("group by (job) (r)", "{job=\"api\"}", 1)]
    [InlineData("stdvar by (job) (r)", "{job=\"api\"}", 14.0 / 9)]
    [InlineData("stddev(r)", "{}", 2.680951323690902)] // sqrt(28.75 / 4)
    [InlineData("quantile(0.5, r)", "{}", 3)]
    [InlineData("quantile by (job) (0.25, r)", "{job=\"api\"}", 1.5)]
    [InlineData("sum without (instance, code) (r)", "{job=\"api\"}", 7)]
    [InlineData("sum by (__name__) (r)", "{__name__=\"r\"}", 15)]
    public void Aggregations_compute_per_group(string query, string labels, double expected)
    {
        var samples = Store().Vector(query, 10);

        var sample = Assert.Single(samples, s => s.Labels == labels);
        Assert.Equal(expected, sample.Value, 1e-12);
    }

    [Fact]
    public void Without_drops_the_metric_name_and_the_listed_labels()
    {
        Assert.Equal(["{code=\"200\",job=\"api\"}", "{code=\"200\",job=\"web\"}", "{code=\"500\",job=\"api\"}"],
            Store().Vector("sum without (instance) (r)", 10).Select(s => s.Labels));
    }

    [Fact]
    public void Topk_and_bottomk_keep_the_original_labels()
    {
        var store = Store();

        Assert.Equal([("{__name__=\"r\",code=\"200\",instance=\"1\",job=\"web\"}", 8d), ("{__name__=\"r\",code=\"200\",instance=\"2\",job=\"api\"}", 4d)],
            store.Vector("topk(2, r)", 10).OrderByDescending(s => s.Value));
        Assert.Equal([1d], store.Vector("bottomk(1, r)", 10).Select(s => s.Value));
        Assert.Equal([4d, 8d], store.Vector("topk by (job) (1, r)", 10).Select(s => s.Value).Order());
        Assert.Empty(store.Vector("topk(0, r)", 10));
    }

    [Fact]
    public void Topk_outputs_largest_first_and_nan_last()
    {
        var engine = new EngineFixture().Series("t{i=\"a\"}", (0, double.NaN)).Series("t{i=\"b\"}", (0, 1)).Series("t{i=\"c\"}", (0, 3)).Engine();

        var result = Assert.IsType<VectorResult>(engine.Instant("topk(3, t)", 10_000, default));

        Assert.Equal(["c", "b", "a"], result.Samples.Select(s => s.Labels.Get("i")));
    }

    [Fact]
    public void Count_values_counts_each_distinct_value_under_the_given_label()
    {
        var store = new EngineFixture()
            .Series("v{i=\"1\"}", (0, 2)).Series("v{i=\"2\"}", (0, 2)).Series("v{i=\"3\"}", (0, 1e21)).Series("v{i=\"4\"}", (0, 0.5));

        Assert.Equal([("{value=\"0.5\"}", 1d), ("{value=\"1000000000000000000000\"}", 1d), ("{value=\"2\"}", 2d)],
            store.Vector("count_values(\"value\", v)", 10));
        var error = Assert.Throws<PromQLException>(() => store.Instant("count_values(\"bad-name\", v)", 10));
        Assert.Equal("invalid label name \"bad-name\"", error.Message);
    }

    [Fact]
    public void Avg_uses_the_incremental_mean_and_keeps_infinities()
    {
        var store = new EngineFixture()
            .Series("a{i=\"1\"}", (0, double.PositiveInfinity)).Series("a{i=\"2\"}", (0, 1)).Series("a{i=\"3\"}", (0, double.PositiveInfinity));

        Assert.Equal(double.PositiveInfinity, store.Single("avg(a)", 10));
        Assert.True(double.IsNaN(new EngineFixture().Series("a{i=\"1\"}", (0, double.PositiveInfinity)).Series("a{i=\"2\"}", (0, double.NegativeInfinity))
            .Single("avg(a)", 10)));
    }

    [Fact]
    public void Min_and_max_skip_a_leading_nan()
    {
        var store = new EngineFixture().Series("m{i=\"1\"}", (0, double.NaN)).Series("m{i=\"2\"}", (0, 3));

        Assert.Equal(3, store.Single("max(m)", 10));
        Assert.Equal(3, store.Single("min(m)", 10));
    }
}
