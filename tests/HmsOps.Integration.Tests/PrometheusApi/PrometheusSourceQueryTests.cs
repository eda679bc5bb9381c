using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;
using HmsOps.Integration.Tests.Prometheus;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>PrometheusMetricsSource against the shared real Prometheus: results as engine values, rejected queries as PromQL errors.</summary>
[Collection(PrometheusServerCollection.Name)]
public sealed class PrometheusSourceQueryTests(PrometheusServerFixture prometheus)
{
    private readonly PrometheusMetricsSource _source = PrometheusSourceRegistration.Create(new PrometheusSourceOptions
    {
        BaseUrl = prometheus.BaseUrl,
        Timeout = TimeSpan.FromSeconds(5),
    });

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
}
