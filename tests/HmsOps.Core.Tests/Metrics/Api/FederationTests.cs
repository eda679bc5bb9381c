using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class FederationTests
{
    [Fact]
    public void Collect_takes_the_newest_sample_in_the_window_of_each_wanted_series()
    {
        var store = new TimeSeriesStore(new MetricsOptions { SampleResolution = TimeSpan.FromSeconds(1) });
        var wanted = LabelSet.From(("__name__", "queue_depth"), ("svc", "a"));
        var other = LabelSet.From(("__name__", "queue_depth"), ("svc", "b"));
        var stale = LabelSet.From(("__name__", "old_gauge"));
        store.Apply([Gauge(wanted, 1, 10_000), Gauge(wanted, 2, 20_000), Gauge(wanted, 3, 40_000), Gauge(other, 9, 20_000), Gauge(stale, 5, 1_000)], 1);

        var samples = Federation.Collect(store, [wanted, stale], fromMs: 5_000, toMs: 30_000);

        Assert.Equal([new FederatedSample(wanted, 20_000, 2)], samples);
    }

    [Fact]
    public void Write_groups_histogram_series_under_their_family_with_type_lines_and_escapes_values()
    {
        var metadata = new MetricMetadataRegistry(10);
        metadata.Record("lat_seconds", MetricKind.Timing);
        metadata.Record("jobs_total", MetricKind.Counter);
        FederatedSample[] samples =
        [
            new(LabelSet.From(("__name__", "lat_seconds_sum"), ("svc", "a")), 1_000, 0.25),
            new(LabelSet.From(("__name__", "lat_seconds_bucket"), ("svc", "a"), ("le", "+Inf")), 1_000, 2),
            new(LabelSet.From(("__name__", "jobs_total"), ("path", "C:\\x \"y\"\nz")), 2_500, 1e21),
            new(LabelSet.From(("__name__", "mystery")), 3_000, double.NaN),
        ];
        using var text = new StringWriter();

        Federation.Write(text, samples, metadata);

        Assert.Equal(
            """
            # TYPE jobs_total counter
            jobs_total{path="C:\\x \"y\"\nz"} 1E+21 2500
            # TYPE lat_seconds histogram
            lat_seconds_bucket{le="+Inf",svc="a"} 2 1000
            lat_seconds_sum{svc="a"} 0.25 1000
            # TYPE mystery untyped
            mystery NaN 3000

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    private static SeriesWrite Gauge(LabelSet series, double value, long ms) => new(series, false, value, ms);
}
