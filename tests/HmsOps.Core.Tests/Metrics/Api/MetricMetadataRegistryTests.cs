using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class MetricMetadataRegistryTests
{
    [Fact]
    public void The_expander_records_each_family_with_timings_as_histograms()
    {
        var registry = new MetricMetadataRegistry(100);
        var expander = new MetricExpander(new MetricsOptions(), registry);
        var writes = new List<SeriesWrite>();

        expander.Expand(new MetricEvent("jobs_total", MetricKind.Counter, 1, LabelSet.Empty, 0), writes);
        expander.Expand(new MetricEvent("depth", MetricKind.Gauge, 1, LabelSet.Empty, 0), writes);
        expander.Expand(new MetricEvent("lat_seconds", MetricKind.Timing, 0.1, LabelSet.Empty, 0), writes);

        Assert.Equal(["depth:gauge", "jobs_total:counter", "lat_seconds:histogram"], registry.All().Select(p => $"{p.Key}:{p.Value}"));
        Assert.Equal(("lat_seconds", "histogram"), registry.FamilyOf("lat_seconds_bucket"));
        Assert.Equal(("jobs_total_count", (string?)null), registry.FamilyOf("jobs_total_count"));
    }

    [Fact]
    public void At_its_bound_new_families_are_not_recorded_but_known_ones_still_update()
    {
        var registry = new MetricMetadataRegistry(2);

        registry.Record("a", MetricKind.Counter);
        registry.Record("b", MetricKind.Counter);
        registry.Record("c", MetricKind.Counter);
        registry.Record("a", MetricKind.Gauge);

        Assert.Equal(2, registry.Count);
        Assert.Null(registry.TypeOf("c"));
        Assert.Equal("gauge", registry.TypeOf("a"));
    }
}
