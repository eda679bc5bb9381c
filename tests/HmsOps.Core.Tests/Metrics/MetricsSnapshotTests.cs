using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Metrics;

public sealed class MetricsSnapshotTests
{
    private static readonly LabelSet Requests = LabelSet.From(("__name__", "requests_total"), ("service", "claims-api"), ("note", "quote \" and é"));
    private static readonly LabelSet Depth = LabelSet.From(("__name__", "queue_depth"), ("service", "ach-svc"));

    [Fact]
    public void A_snapshot_loads_back_the_same_series_samples_and_sequence()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("metrics.snapshot");
        var original = new TimeSeriesStore(new MetricsOptions());
        original.Apply([new(Requests, true, 2, 1_000), new(Requests, true, 3, 6_000), new(Depth, false, 9, 1_000)], 41);

        var written = MetricsSnapshot.Write(path, original);
        var loaded = new TimeSeriesStore(new MetricsOptions());
        var read = MetricsSnapshot.Load(path, loaded);

        Assert.Equal(41, written);
        Assert.Equal(41, read);
        Assert.Equal(41, loaded.LastSequence);
        Assert.Equal(2, loaded.SeriesCount);
        var requests = Assert.Single(loaded.Select("requests_total", null, 0, 10_000));
        Assert.Equal(Requests, requests.Labels);
        Assert.Equal([1_000L, 6_000L], requests.Timestamps);
        Assert.Equal([2d, 5d], requests.Values);
        Assert.Equal([9d], Assert.Single(loaded.Select("queue_depth", null, 0, 10_000)).Values);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void After_loading_a_counter_keeps_counting_and_a_gauge_keeps_being_set()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("metrics.snapshot");
        var original = new TimeSeriesStore(new MetricsOptions());
        original.Apply([new(Requests, true, 5, 1_000), new(Depth, false, 9, 1_000)], 1);
        MetricsSnapshot.Write(path, original);
        var loaded = new TimeSeriesStore(new MetricsOptions());
        MetricsSnapshot.Load(path, loaded);

        // The writes say nothing about the kind: the loaded series must remember it.
        loaded.Apply([new(Requests, true, 1, 20_000), new(Depth, true, 1, 20_000)], 2);

        Assert.Equal([5d, 6d], Assert.Single(loaded.Select("requests_total", null, 0, 30_000)).Values);
        Assert.Equal([9d, 1d], Assert.Single(loaded.Select("queue_depth", null, 0, 30_000)).Values);
    }

    [Fact]
    public void A_later_snapshot_replaces_the_earlier_one()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("metrics.snapshot");
        var store = new TimeSeriesStore(new MetricsOptions());
        store.Apply([new(Requests, true, 1, 1_000)], 1);
        MetricsSnapshot.Write(path, store);
        store.Apply([new(Requests, true, 1, 6_000)], 2);
        MetricsSnapshot.Write(path, store);

        var loaded = new TimeSeriesStore(new MetricsOptions());

        Assert.Equal(2, MetricsSnapshot.Load(path, loaded));
        Assert.Equal([1d, 2d], Assert.Single(loaded.Select("requests_total", null, 0, 10_000)).Values);
    }

    [Fact]
    public void No_snapshot_means_sequence_zero_and_an_empty_store()
    {
        using var dir = new TempDirectory();
        var store = new TimeSeriesStore(new MetricsOptions());

        Assert.Equal(0, MetricsSnapshot.Load(dir.Combine("missing.snapshot"), store));
        Assert.Equal(0, store.SeriesCount);
    }

    [Fact]
    public void A_snapshot_of_another_version_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("metrics.snapshot");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("HMSOPS-TS-0");
            writer.Write(1L);
            writer.Write(0);
        }

        Assert.Throws<InvalidDataException>(() => MetricsSnapshot.Load(path, new TimeSeriesStore(new MetricsOptions())));
    }
}
