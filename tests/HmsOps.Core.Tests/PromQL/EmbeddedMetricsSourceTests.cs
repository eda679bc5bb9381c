using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class EmbeddedMetricsSourceTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(0);

    private static EmbeddedMetricsSource Source()
    {
        var options = new MetricsOptions();
        var store = new TimeSeriesStore(options);
        store.Load(1,
        [
            (EngineFixture.Parse("up{job=\"api\",instance=\"a\"}"), false, [0L, 60_000L], [1d, 1d]),
            (EngineFixture.Parse("up{job=\"web\",instance=\"b\"}"), false, [0L], [0d]),
            (EngineFixture.Parse("requests_total{job=\"api\",code=\"200\"}"), true, [600_000L], [5d]),
        ]);
        return new EmbeddedMetricsSource(store, options);
    }

    [Fact]
    public async Task Queries_run_through_the_engine()
    {
        var source = Source();

        var instant = Assert.IsType<VectorResult>(await source.QueryAsync("sum(up)", Epoch.AddSeconds(60), default));
        var range = Assert.IsType<MatrixResult>(await source.QueryRangeAsync("up", Epoch, Epoch.AddMinutes(2), TimeSpan.FromMinutes(1), default));

        Assert.Equal("Embedded", source.Name);
        Assert.Equal(1, Assert.Single(instant.Samples).Value);
        Assert.Equal(2, range.Series.Count);
        await Assert.ThrowsAsync<PromQLParseException>(() => source.QueryAsync("sum(", Epoch, default));
    }

    [Fact]
    public async Task Series_labels_and_values_follow_the_match_selectors_and_the_time_window()
    {
        var source = Source();

        var series = await source.SeriesAsync(["up", "{code=\"200\"}"], Epoch, Epoch.AddMinutes(1), default);
        var all = await source.SeriesAsync([], Epoch, Epoch.AddHours(1), default);
        var names = await source.LabelNamesAsync(["up{job=\"api\"}"], Epoch, Epoch.AddHours(1), default);
        var jobs = await source.LabelValuesAsync("job", [], Epoch, Epoch.AddHours(1), default);

        Assert.Equal(["{__name__=\"up\",instance=\"a\",job=\"api\"}", "{__name__=\"up\",instance=\"b\",job=\"web\"}"], series.Select(s => s.Key));
        Assert.Equal(3, all.Count);
        Assert.Equal(["__name__", "instance", "job"], names);
        Assert.Equal(["api", "web"], jobs);
        await Assert.ThrowsAsync<PromQLParseException>(() => source.SeriesAsync(["{}"], Epoch, Epoch, default));
    }
}
