using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Tests.TestSupport;
using static HmsOps.Core.Tests.TestSupport.Events;
using static HmsOps.Core.Tests.TestSupport.StoreFactory;

namespace HmsOps.Core.Tests.Ingest;

/// <summary>
/// The series bound counts distinct new series, not writes: batches committed together that repeat each
/// other's series (or their own) must not use up room they do not take.
/// </summary>
public sealed class IngestPipelineSeriesBoundTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Batches_submitted_together_that_share_series_fill_the_bound_exactly()
    {
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 5 });

        // Seven writes, five distinct series: all fit, in whichever groups the writer commits them.
        var outcomes = await Task.WhenAll(
            store.Pipeline.SubmitAsync([Counter("a"), Counter("a"), Counter("b")]),
            store.Pipeline.SubmitAsync([Counter("b"), Counter("c"), Counter("c")]),
            store.Pipeline.SubmitAsync([Counter("d"), Counter("e")]));

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        Assert.Equal(5, store.Metrics.SeriesCount);
        Assert.Equal(2, CounterValue(store, "b"));

        var full = await store.Pipeline.SubmitAsync([Counter("e"), Counter("f")]);

        Assert.Equal(IngestStatus.Rejected, full.Status);
        Assert.Equal(1, Assert.Single(full.Errors).Index);
        Assert.Equal(5, store.Metrics.SeriesCount);
    }

    [Fact]
    public async Task Many_small_batches_submitted_together_are_refused_only_past_the_bound()
    {
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 10 });

        // Twenty batches of one repeated and one own series: 1 + 20 series wanted, room for 10.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => store.Pipeline.SubmitAsync([Counter("shared"), Counter($"own-{i}")])));

        Assert.Equal(9, outcomes.Count(o => o.Status == IngestStatus.Accepted));
        Assert.Equal(11, outcomes.Count(o => o.Status == IngestStatus.Rejected));
        Assert.Equal(10, store.Metrics.SeriesCount);
        Assert.Equal(9, CounterValue(store, "shared"));
    }
}
