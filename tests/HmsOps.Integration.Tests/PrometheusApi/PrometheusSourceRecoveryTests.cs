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
    private readonly PrometheusProcess _prometheus = new(port => $"""
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

    [Fact]
    public async Task A_query_prometheus_rejects_is_a_promql_error_of_the_same_type_not_unavailability()
    {
        var ex = await Assert.ThrowsAsync<PromQLException>(() => _source.QueryAsync("sum(", DateTimeOffset.UtcNow, default));

        Assert.Equal(QueryErrorType.BadData, ex.ErrorType);
        Assert.Contains("parse error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_convert_to_the_engine_result_types()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var scalar = Assert.IsType<ScalarResult>(await _source.QueryAsync("scalar(vector(2.5))", now, default));
        var text = Assert.IsType<StringResult>(await _source.QueryAsync("\"hello\"", now, default));
        var matrix = Assert.IsType<MatrixResult>(await _source.QueryRangeAsync("vector(3)", now.AddSeconds(-20), now, TimeSpan.FromSeconds(10), default));

        Assert.Equal((now.ToUnixTimeMilliseconds(), 2.5), (scalar.TimestampMs, scalar.Value));
        Assert.Equal("hello", text.Value);
        var series = Assert.Single(matrix.Series);
        Assert.Equal([now.AddSeconds(-20).ToUnixTimeMilliseconds(), now.AddSeconds(-10).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds()], series.Timestamps);
        Assert.Equal([3d, 3d, 3d], series.Values);
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
