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

    [Fact]
    public void After_a_snapshot_load_types_are_inferred_from_the_stored_series_without_overriding_known_ones()
    {
        var registry = new MetricMetadataRegistry(100);
        registry.Record("depth", MetricKind.Counter);

        registry.Infer(
        [
            (LabelSet.From(("__name__", "lat_seconds_bucket"), ("le", "0.1")), true),
            (LabelSet.From(("__name__", "lat_seconds_sum")), true),
            (LabelSet.From(("__name__", "lat_seconds_count")), true),
            (LabelSet.From(("__name__", "jobs_total")), true),
            (LabelSet.From(("__name__", "temperature")), false),
            (LabelSet.From(("__name__", "depth")), false),
        ]);

        Assert.Equal(["depth:counter", "jobs_total:counter", "lat_seconds:histogram", "temperature:gauge"],
            registry.All().Select(p => $"{p.Key}:{p.Value}"));
    }

    [Fact]
    public async Task A_restarted_store_still_knows_the_types_of_snapshotted_families()
    {
        using var directory = new TestSupport.TempDirectory();
        var options = new MetricsOptions();
        var timing = new MetricEvent("lat_seconds", MetricKind.Timing, 0.2, LabelSet.From(("svc", "a")), TestSupport.Events.NowMs);
        await using (var store = TestSupport.StoreFactory.Open(directory.Path, options))
        {
            Assert.Equal(HmsOps.Core.Ingest.IngestStatus.Accepted, (await store.Pipeline.SubmitAsync([timing])).Status);
            // In the snapshot, so the log replay at the next start skips it: only inference can know its type.
            store.Checkpoint();
        }

        await using var reopened = TestSupport.StoreFactory.Open(directory.Path, options);

        Assert.Equal("histogram", reopened.Metrics.Metadata.TypeOf("lat_seconds"));
    }
}
