using System.Net;
using HmsOps.Prometheus;
using Refit;

namespace HmsOps.Integration.Tests.Prometheus;

[Collection(PrometheusServerCollection.Name)]
public sealed class PrometheusErrorTests(PrometheusServerFixture prometheus)
{
    [Fact]
    public async Task Malformed_query_throws_bad_data_with_the_parse_error()
    {
        var error = await Assert.ThrowsAsync<PrometheusApiException>(() => prometheus.Api.QueryAsync("sum("));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("bad_data", error.ErrorType);
        Assert.Contains("parse error", error.Error, StringComparison.Ordinal);
        Assert.Contains("bad_data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_evaluation_throws_execution_with_status_422()
    {
        var error = await Assert.ThrowsAsync<PrometheusApiException>(
            () => prometheus.Api.QueryAsync("label_replace(vector(1), \"a\", \"b\", \"c\", \"(\")"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("execution", error.ErrorType);
        Assert.Contains("invalid regular expression", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_ending_before_it_starts_throws_bad_data_naming_the_parameter()
    {
        var now = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<PrometheusApiException>(
            () => prometheus.Api.QueryRangeAsync("up", now, now.AddMinutes(-1), TimeSpan.FromSeconds(1)));

        Assert.Equal("bad_data", error.ErrorType);
        Assert.Contains("\"end\"", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_without_a_matcher_is_refused()
    {
        var error = await Assert.ThrowsAsync<PrometheusApiException>(() => prometheus.Api.GetSeriesAsync([]));

        Assert.Equal("bad_data", error.ErrorType);
        Assert.Contains("match[]", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_error_is_still_a_refit_ApiException()
    {
        var error = await Assert.ThrowsAnyAsync<ApiException>(() => prometheus.Api.QueryAsync("sum("));

        Assert.IsType<PrometheusApiException>(error);
    }

    [Fact]
    public async Task A_client_with_Refits_default_errors_can_read_the_envelope_from_ApiException()
    {
        using var http = new HttpClient { BaseAddress = new Uri(prometheus.BaseUrl) };
        var plain = RestService.ForGenerated<IPrometheusApi>(http, PrometheusJsonContext.Default);

        var error = await Assert.ThrowsAsync<ApiException>(() => plain.QueryAsync("sum("));

        Assert.True(error.TryGetPrometheusError(out var envelope));
        Assert.Equal("bad_data", envelope.ErrorType);
        Assert.Contains("parse error", envelope.Error, StringComparison.Ordinal);
        Assert.Equal("bad_data", PrometheusApiException.TryCreate(error)!.ErrorType);
    }
}
