using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics;

public sealed class OpenMetricsWriterTests
{
    private const long At = 1_764_064_800_000;

    [Fact]
    public void A_counter_family_is_named_without_total_and_ends_the_text_with_eof()
    {
        var text = OpenMetricsWriter.Write(
            [Series(LabelSet.From(("__name__", "requests_total"), ("code", "200")), (At, 3), (At + 15_000, 7))],
            new Dictionary<string, OpenMetricsType> { ["requests"] = OpenMetricsType.Counter });

        Assert.Equal(
            "# TYPE requests counter\n" +
            "requests_total{code=\"200\"} 3 1764064800\n" +
            "requests_total{code=\"200\"} 7 1764064815\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void Special_values_are_spelled_as_openmetrics_and_timestamps_keep_milliseconds()
    {
        var text = OpenMetricsWriter.Write(
            [Series(LabelSet.From(("__name__", "reading")), (At + 1, double.NaN), (At + 250, double.PositiveInfinity), (At + 999, double.NegativeInfinity), (At + 1000, -0.5))]);

        Assert.Equal(
            "# TYPE reading unknown\n" +
            "reading NaN 1764064800.001\n" +
            "reading +Inf 1764064800.25\n" +
            "reading -Inf 1764064800.999\n" +
            "reading -0.5 1764064801\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        var text = OpenMetricsWriter.Write([Series(LabelSet.From(("__name__", "g"), ("path", "a\\b\"c\nd")), (At, 1))]);

        Assert.Contains("g{path=\"a\\\\b\\\"c\\nd\"} 1 1764064800\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_is_one_family_written_point_by_point_with_buckets_in_bound_order_then_count_and_sum()
    {
        LabelSet Bucket(string le) => LabelSet.From(("__name__", "latency_bucket"), ("le", le));
        var text = OpenMetricsWriter.Write(
            [
                Series(LabelSet.From(("__name__", "latency_sum")), (At, 1.5), (At + 15_000, 2)),
                Series(Bucket("+Inf"), (At, 3), (At + 15_000, 4)),
                Series(Bucket("10"), (At, 3), (At + 15_000, 4)),
                Series(Bucket("2.5"), (At, 1), (At + 15_000, 1)),
                Series(LabelSet.From(("__name__", "latency_count")), (At, 3), (At + 15_000, 4)),
                Series(LabelSet.From(("__name__", "other")), (At, 0)),
            ],
            new Dictionary<string, OpenMetricsType> { ["latency"] = OpenMetricsType.Histogram, ["other"] = OpenMetricsType.Gauge });

        Assert.Equal(
            "# TYPE latency histogram\n" +
            "latency_bucket{le=\"2.5\"} 1 1764064800\n" +
            "latency_bucket{le=\"10\"} 3 1764064800\n" +
            "latency_bucket{le=\"+Inf\"} 3 1764064800\n" +
            "latency_count 3 1764064800\n" +
            "latency_sum 1.5 1764064800\n" +
            "latency_bucket{le=\"2.5\"} 1 1764064815\n" +
            "latency_bucket{le=\"10\"} 4 1764064815\n" +
            "latency_bucket{le=\"+Inf\"} 4 1764064815\n" +
            "latency_count 4 1764064815\n" +
            "latency_sum 2 1764064815\n" +
            "# TYPE other gauge\n" +
            "other 0 1764064800\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void Series_of_one_family_are_contiguous_even_when_given_interleaved()
    {
        var text = OpenMetricsWriter.Write(
            [
                Series(LabelSet.From(("__name__", "a"), ("x", "1")), (At, 1)),
                Series(LabelSet.From(("__name__", "b")), (At, 2)),
                Series(LabelSet.From(("__name__", "a"), ("x", "2")), (At, 3)),
            ]);

        var names = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[0]).ToArray();
        Assert.Equal(['a', 'a', 'b'], names);
    }

    [Theory]
    [InlineData("bad-name", "x")]
    [InlineData("9lives", "x")]
    [InlineData("ok", "bad-label")]
    [InlineData("ok", "has:colon")]
    public void An_invalid_metric_or_label_name_is_refused_naming_it(string metric, string label)
    {
        var error = Assert.Throws<ArgumentException>(
            () => OpenMetricsWriter.Write([Series(LabelSet.From(("__name__", metric), (label, "v")), (At, 1))]));

        Assert.Contains(metric == "ok" ? label : metric, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_colon_is_valid_in_a_metric_name()
    {
        var text = OpenMetricsWriter.Write([Series(LabelSet.From(("__name__", "job:requests:rate5m")), (At, 1))]);

        Assert.Contains("job:requests:rate5m 1 1764064800\n", text, StringComparison.Ordinal);
    }

    private static SeriesData Series(LabelSet labels, params (long At, double Value)[] points) =>
        new(labels, points.Select(p => p.At).ToArray(), points.Select(p => p.Value).ToArray());
}
