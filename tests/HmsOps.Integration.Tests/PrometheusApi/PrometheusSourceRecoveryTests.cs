using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// PrometheusMetricsSource against a real Prometheus that is killed mid-test: the source says "unavailable" (transport
/// error, then the open circuit) instead of failing in some other way, and answers again by itself once Prometheus is
/// back on the same port and data.
/// </summary>
public sealed class PrometheusSourceRecoveryTests : IAsyncLifetime
{
    private readonly ScrapingPrometheus _prometheus = new(port => $"""
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:{port}']
        """);
    private PrometheusMetricsSource _source = null!;

    public async Task InitializeAsync()
    {
        await _prometheus.StartAsync();
        _source = PrometheusSourceRegistration.Create(new PrometheusSourceOptions
        {
            BaseUrl = _prometheus.BaseUrl,
            Timeout = TimeSpan.FromSeconds(5),
        });
    }

    public async Task DisposeAsync() => await _prometheus.DisposeAsync();

    [Fact]
    public async Task Killed_prometheus_makes_the_source_unavailable_and_it_recovers_after_restart()
    {
        var before = await Poll.UntilAsync<QueryValue>(() => _source.QueryAsync("vector(42)", DateTimeOffset.UtcNow, default), v => v is VectorResult, "a first answer");
        Assert.Equal(42d, Assert.Single(((VectorResult)before).Samples).Value);

        await _prometheus.KillAsync();

        var first = await Assert.ThrowsAsync<MetricsSourceUnavailableException>(() => _source.QueryAsync("vector(1)", DateTimeOffset.UtcNow, default));
        Assert.Equal("Prometheus", first.SourceName);
        // Repeated failures open the circuit: calls then fail fast without touching the network.
        var open = await Poll.UntilAsync(
            () => CatchUnavailableAsync(() => _source.QueryAsync("vector(1)", DateTimeOffset.UtcNow, default)),
            ex => ex?.Message.Contains("circuit open", StringComparison.Ordinal) == true,
            "the circuit to open");
        Assert.NotNull(open);
        await Assert.ThrowsAsync<MetricsSourceUnavailableException>(() => _source.LabelNamesAsync([], DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow, default));

        await _prometheus.StartAsync();

        var after = await Poll.UntilAsync(
            async () => await CatchUnavailableAsync(() => _source.QueryAsync("vector(7)", DateTimeOffset.UtcNow, default)) is null,
            ok => ok,
            "the source to answer again after the restart");
        Assert.True(after);
        var value = Assert.IsType<VectorResult>(await _source.QueryAsync("vector(7)", DateTimeOffset.UtcNow, default));
        Assert.Equal(7d, Assert.Single(value.Samples).Value);
    }

    private static async Task<MetricsSourceUnavailableException?> CatchUnavailableAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (MetricsSourceUnavailableException ex)
        {
            return ex;
        }
    }
}
