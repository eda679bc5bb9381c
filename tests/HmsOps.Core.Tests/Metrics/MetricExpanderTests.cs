using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics;

public sealed class MetricExpanderTests
{
    private const long At = 1_748_779_200_000;

    [Fact]
    public void An_observation_increments_every_bucket_whose_bound_holds_it_and_inf_sum_and_count()
    {
        var writes = Expand(new MetricsOptions(), Timing("hms_http_request_duration_seconds", 0.3));

        var buckets = Buckets(writes, "hms_http_request_duration_seconds");
        Assert.Equal(
            [("0.005", 0d), ("0.01", 0d), ("0.025", 0d), ("0.05", 0d), ("0.1", 0d), ("0.25", 0d),
             ("0.5", 1d), ("1", 1d), ("2.5", 1d), ("5", 1d), ("10", 1d), ("+Inf", 1d)],
            buckets);
        Assert.Equal(0.3, Single(writes, "hms_http_request_duration_seconds_sum").Value);
        Assert.Equal(1, Single(writes, "hms_http_request_duration_seconds_count").Value);
        Assert.All(writes, w => Assert.True(w.IsCounter));
        Assert.All(writes, w => Assert.Equal(At, w.TimestampMs));
    }

    [Fact]
    public void An_observation_equal_to_a_bound_falls_in_that_bucket()
    {
        var buckets = Buckets(Expand(new MetricsOptions(), Timing("latency", 0.25)), "latency");

        Assert.Equal(0, buckets.Single(b => b.Le == "0.1").Value);
        Assert.Equal(1, buckets.Single(b => b.Le == "0.25").Value);
    }

    [Fact]
    public void An_observation_above_every_bound_only_counts_in_inf()
    {
        var buckets = Buckets(Expand(new MetricsOptions(), Timing("latency", 42)), "latency");

        Assert.Equal(1, buckets.Single(b => b.Le == "+Inf").Value);
        Assert.All(buckets.Where(b => b.Le != "+Inf"), b => Assert.Equal(0, b.Value));
    }

    [Fact]
    public void A_metric_with_its_own_buckets_uses_them_and_others_keep_the_defaults()
    {
        var options = new MetricsOptions { Buckets = { ["hms_ach_latency_seconds"] = [1, 2.5, 5] } };

        var ach = Buckets(Expand(options, Timing("hms_ach_latency_seconds", 3)), "hms_ach_latency_seconds");
        var other = Buckets(Expand(options, Timing("latency", 3)), "latency");

        Assert.Equal([("1", 0d), ("2.5", 0d), ("5", 1d), ("+Inf", 1d)], ach);
        Assert.Equal(12, other.Count);
    }

    [Fact]
    public void Bucket_series_keep_the_metric_labels_and_add_name_and_le()
    {
        var writes = Expand(new MetricsOptions { DefaultBuckets = [1] },
            Timing("latency", 0.5, ("service", "ach-svc"), ("rail", "fedach")));

        Assert.Equal(
            [
                """{__name__="latency_bucket",le="1",rail="fedach",service="ach-svc"}""",
                """{__name__="latency_bucket",le="+Inf",rail="fedach",service="ach-svc"}""",
                """{__name__="latency_sum",rail="fedach",service="ach-svc"}""",
                """{__name__="latency_count",rail="fedach",service="ach-svc"}""",
            ],
            writes.Select(w => w.Series.Key));
    }

    [Fact]
    public void A_histogram_expands_like_a_timing()
    {
        var writes = Expand(new MetricsOptions { DefaultBuckets = [0.5, 1] },
            new MetricEvent("size", MetricKind.Histogram, 0.7, LabelSet.Empty, At));

        Assert.Equal([("0.5", 0d), ("1", 1d), ("+Inf", 1d)], Buckets(writes, "size"));
    }

    [Fact]
    public void A_counter_is_one_increment_and_a_gauge_one_value_on_the_series_named_after_the_metric()
    {
        var expander = new MetricExpander(new MetricsOptions());
        var writes = new List<SeriesWrite>();

        expander.Expand(new MetricEvent("jobs_total", MetricKind.Counter, 2, LabelSet.From(("job", "a")), At), writes);
        expander.Expand(new MetricEvent("queue_depth", MetricKind.Gauge, 7, LabelSet.From(("job", "a")), At), writes);

        Assert.Equal(
            [
                new SeriesWrite(LabelSet.From(("__name__", "jobs_total"), ("job", "a")), true, 2, At),
                new SeriesWrite(LabelSet.From(("__name__", "queue_depth"), ("job", "a")), false, 7, At),
            ],
            writes);
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(0.1, "0.1")]
    [InlineData(1, "1")]
    [InlineData(2.5, "2.5")]
    [InlineData(10, "10")]
    [InlineData(120, "120")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Bucket_bounds_are_formatted_as_prometheus_does(double bound, string expected)
    {
        Assert.Equal(expected, MetricExpander.FormatBound(bound));
    }

    [Fact]
    public void Bound_formatting_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("2.5", MetricExpander.FormatBound(2.5));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private static MetricEvent Timing(string name, double value, params (string Name, string Value)[] labels) =>
        new(name, MetricKind.Timing, value, LabelSet.From(labels), At);

    private static List<SeriesWrite> Expand(MetricsOptions options, MetricEvent metric)
    {
        var writes = new List<SeriesWrite>();
        new MetricExpander(options).Expand(metric, writes);
        return writes;
    }

    private static List<(string Le, double Value)> Buckets(List<SeriesWrite> writes, string metric) =>
        writes.Where(w => w.Series.MetricName == metric + "_bucket").Select(w => (w.Series.Get("le")!, w.Value)).ToList();

    private static SeriesWrite Single(List<SeriesWrite> writes, string name) =>
        Assert.Single(writes, w => w.Series.MetricName == name);
}
