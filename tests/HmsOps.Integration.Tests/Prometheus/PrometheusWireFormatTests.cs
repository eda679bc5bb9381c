using System.Net;
using System.Text;
using System.Text.Json;
using HmsOps.Prometheus;
using Refit;

namespace HmsOps.Integration.Tests.Prometheus;

/// <summary>The parts of the wire format a running server does not reach: other writers' field order, proxies' error pages.</summary>
public sealed class PrometheusWireFormatTests
{
    [Fact]
    public void Query_data_is_read_when_result_comes_before_resultType()
    {
        const string json = """
            {"status":"success","data":{"result":[{"metric":{"job":"a"},"value":[1700000000.5,"+Inf"]}],"resultType":"vector"}}
            """;

        var reply = JsonSerializer.Deserialize(json, PrometheusJsonContext.Default.PrometheusResponseQueryData)!;

        var sample = Assert.Single(reply.Data!.Vector);
        Assert.Equal("a", sample.Metric["job"]);
        Assert.Equal(new SamplePoint(1700000000.5, double.PositiveInfinity), sample.Value);
    }

    [Fact]
    public void Query_data_written_and_read_again_is_unchanged()
    {
        const string json = """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1,"NaN"],[2,"-Inf"],[3,"0.25"]]}]},"warnings":["partial"]}
            """;

        var reply = JsonSerializer.Deserialize(json, PrometheusJsonContext.Default.PrometheusResponseQueryData)!;
        var written = JsonSerializer.Serialize(reply, PrometheusJsonContext.Default.PrometheusResponseQueryData);

        Assert.Equal(json.Trim(), written);
        Assert.Equal(["partial"], reply.Warnings!);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("1e+00", 1d)]
    [InlineData("-0.5", -0.5d)]
    public void Sample_values_parse_as_Prometheus_writes_them(string text, double expected)
    {
        Assert.Equal(expected, PrometheusValue.Parse(text));
        Assert.Equal(expected, PrometheusValue.Parse(PrometheusValue.Format(expected)));
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_a_JSON_error_not_a_silent_zero()
    {
        const string json = """{"status":"success","data":{"resultType":"scalar","result":[1,"twelve"]}}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, PrometheusJsonContext.Default.PrometheusResponseQueryData));
    }

    [Fact]
    public void Times_and_durations_are_sent_as_seconds()
    {
        Assert.Equal("1700000000.123", PrometheusFormat.Time(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)));
        Assert.Equal("15", PrometheusFormat.Duration(TimeSpan.FromSeconds(15)));
        Assert.Equal("0.25", PrometheusFormat.Duration(TimeSpan.FromMilliseconds(250)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrometheusFormat.Duration(TimeSpan.Zero));
    }

    [Fact]
    public async Task An_error_page_that_is_not_the_envelope_stays_a_plain_ApiException()
    {
        using var http = new HttpClient(new FixedReply(HttpStatusCode.BadGateway, "<html>bad gateway</html>"))
        {
            BaseAddress = new Uri("http://127.0.0.1:9"),
        };
        var api = PrometheusApiClient.Create(http);

        var error = await Assert.ThrowsAsync<ApiException>(() => api.QueryAsync("up"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.False(error.TryGetPrometheusError(out _));
    }

    /// <summary>Answers every request itself, so nothing is sent anywhere.</summary>
    private sealed class FixedReply(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, "text/html"),
            });
    }
}
