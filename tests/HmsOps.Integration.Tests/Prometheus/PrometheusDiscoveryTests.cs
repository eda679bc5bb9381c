using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.Prometheus;

/// <summary>Labels, series, metadata, targets and build information: what a query editor and a status page need.</summary>
[Collection(PrometheusServerCollection.Name)]
public sealed class PrometheusDiscoveryTests(PrometheusServerFixture prometheus)
{
    private IPrometheusApi Api => prometheus.Api;

    [Fact]
    public async Task Label_names_include_the_metric_name_and_job()
    {
        await prometheus.WaitForFirstScrapeAsync();

        var reply = await Api.GetLabelNamesAsync();

        Assert.Contains("__name__", reply.Data!);
        Assert.Contains("job", reply.Data!);
    }

    [Fact]
    public async Task Label_values_of_job_are_the_scrape_jobs()
    {
        await prometheus.WaitForFirstScrapeAsync();

        var reply = await Api.GetLabelValuesAsync("job");

        Assert.Equal(["prometheus"], reply.Data!);
    }

    [Fact]
    public async Task Label_values_can_be_restricted_by_a_matcher()
    {
        await prometheus.WaitForFirstScrapeAsync();

        var reply = await Api.GetLabelValuesAsync("__name__", match: ["{__name__=~\"up|prometheus_build_info\"}"]);

        Assert.Equal(["prometheus_build_info", "up"], reply.Data!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Series_returns_the_label_sets_of_every_match_parameter()
    {
        await prometheus.WaitForFirstScrapeAsync();
        var now = DateTimeOffset.UtcNow;

        var reply = await Api.GetSeriesAsync(["up", "prometheus_build_info"], now.AddMinutes(-5), now.AddMinutes(1));

        var names = reply.Data!.Select(labels => labels["__name__"]).Order(StringComparer.Ordinal);
        Assert.Equal(["prometheus_build_info", "up"], names);
        Assert.All(reply.Data!, labels => Assert.Equal("prometheus", labels["job"]));
        Assert.Contains(reply.Data!, labels => labels.ContainsKey("goversion"));
    }

    [Fact]
    public async Task Metadata_describes_a_scraped_counter()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.GetMetadataAsync(metric: "prometheus_http_requests_total"),
            r => r.Data is { Count: > 0 },
            "metadata of prometheus_http_requests_total");

        var metadata = Assert.Single(reply.Data!["prometheus_http_requests_total"]);
        Assert.Equal("counter", metadata.Type);
        Assert.NotEmpty(metadata.Help);
    }

    [Fact]
    public async Task Metadata_limit_bounds_the_number_of_metrics()
    {
        await prometheus.EventuallyAsync(
            () => Api.GetMetadataAsync(),
            r => r.Data is { Count: > 2 },
            "metadata of more than two metrics");

        var reply = await Api.GetMetadataAsync(limit: 2);

        Assert.Equal(2, reply.Data!.Count);
    }

    [Fact]
    public async Task Targets_show_the_self_scrape_up()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.GetTargetsAsync(),
            r => r.Data!.ActiveTargets.Any(t => t.ScrapeUrl == prometheus.SelfScrapeUrl && t.Health == "up"),
            "the self-scrape target to be up");

        var target = Assert.Single(reply.Data!.ActiveTargets);
        Assert.Equal("prometheus", target.ScrapePool);
        Assert.Equal("prometheus", target.Labels["job"]);
        Assert.Equal($"127.0.0.1:{prometheus.Port}", target.DiscoveredLabels["__address__"]);
        Assert.Equal("1s", target.ScrapeInterval);
        Assert.Equal("", target.LastError);
        Assert.True(target.LastScrape > DateTimeOffset.UnixEpoch, $"lastScrape was {target.LastScrape}");
        Assert.Empty(reply.Data.DroppedTargets);
    }

    [Fact]
    public async Task Targets_filtered_to_dropped_leave_out_the_active_ones()
    {
        await prometheus.WaitForFirstScrapeAsync();

        var reply = await Api.GetTargetsAsync(state: "dropped");

        Assert.Empty(reply.Data!.ActiveTargets);
        Assert.Empty(reply.Data.DroppedTargets);
    }

    [Fact]
    public async Task Build_info_names_the_server_version()
    {
        var reply = await Api.GetBuildInfoAsync();

        Assert.StartsWith("2.", reply.Data!.Version, StringComparison.Ordinal);
        Assert.StartsWith("go", reply.Data.GoVersion, StringComparison.Ordinal);
    }
}
