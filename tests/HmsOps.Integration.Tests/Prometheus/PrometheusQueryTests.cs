using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.Prometheus;

[Collection(PrometheusServerCollection.Name)]
public sealed class PrometheusQueryTests(PrometheusServerFixture prometheus)
{
    private IPrometheusApi Api => prometheus.Api;

    [Fact]
    public async Task Instant_query_of_up_returns_the_self_scrape_with_its_job_label()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.QueryAsync("up"),
            r => r.Data is { Vector.Count: > 0 },
            "up to have a sample");

        Assert.True(reply.IsSuccess);
        Assert.Equal(QueryResultType.Vector, reply.Data!.ResultType);
        var sample = Assert.Single(reply.Data.Vector);
        Assert.Equal("up", sample.Metric["__name__"]);
        Assert.Equal("prometheus", sample.Metric["job"]);
        Assert.Equal($"127.0.0.1:{prometheus.Port}", sample.Metric["instance"]);
        Assert.Equal(1d, sample.Value.Value);
        Assert.Empty(reply.Data.Matrix);
        Assert.Null(reply.Data.Scalar);
    }

    [Fact]
    public async Task Range_query_returns_a_matrix_whose_samples_are_one_step_apart_and_ascending()
    {
        await prometheus.WaitForFirstScrapeAsync();
        // After the first scrape, so `up` has a sample at the first step (not one second before it).
        var start = DateTimeOffset.UtcNow;

        var reply = await prometheus.EventuallyAsync(
            () => Api.QueryRangeAsync("up", start, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1)),
            r => r.Data is { Matrix: [{ Values.Count: >= 3 }] },
            "three one-second steps of up");

        Assert.Equal(QueryResultType.Matrix, reply.Data!.ResultType);
        var series = Assert.Single(reply.Data.Matrix);
        Assert.Equal("prometheus", series.Metric["job"]);
        Assert.All(series.Values, point => Assert.Equal(1d, point.Value));
        var timestamps = series.Values.Select(point => point.UnixSeconds).ToList();
        Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.Equal(1d, pair.Second - pair.First, precision: 3));
        Assert.Equal(start.ToUnixTimeMilliseconds() / 1000d, timestamps[0], precision: 3);
    }

    [Fact]
    public async Task Range_query_sent_as_a_form_post_returns_the_same_matrix_as_the_get()
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var start = end.AddSeconds(-10);

        var viaGet = await Api.QueryRangeAsync("vector(7)", start, end, TimeSpan.FromSeconds(5));
        var viaPost = await Api.QueryRangePostAsync(new RangeQueryForm
        {
            Query = "vector(7)",
            Start = PrometheusFormat.Time(start),
            End = PrometheusFormat.Time(end),
            Step = "5s",
        });

        var expected = new[] { start, start.AddSeconds(5), end }.Select(t => new SamplePoint(t.ToUnixTimeSeconds(), 7d));
        Assert.Equal(expected, Assert.Single(viaGet.Data!.Matrix).Values);
        Assert.Equal(expected, Assert.Single(viaPost.Data!.Matrix).Values);
    }

    [Fact]
    public async Task Instant_query_sent_as_a_form_post_is_evaluated()
    {
        var reply = await Api.QueryPostAsync(new InstantQueryForm { Query = "1 + 2" });

        Assert.Equal(3d, reply.Data!.Scalar!.Value.Value);
    }

    [Fact]
    public async Task Scalar_query_one_plus_one_gives_two()
    {
        var reply = await Api.QueryAsync("1+1");

        Assert.Equal(QueryResultType.Scalar, reply.Data!.ResultType);
        Assert.Equal(2d, reply.Data.Scalar!.Value.Value);
        Assert.Empty(reply.Data.Vector);
    }

    [Theory]
    [InlineData("0/0", double.NaN)]
    [InlineData("1/0", double.PositiveInfinity)]
    [InlineData("-1/0", double.NegativeInfinity)]
    public async Task Special_values_written_as_strings_are_read_as_doubles(string query, double expected)
    {
        var reply = await Api.QueryAsync(query);

        Assert.Equal(expected, reply.Data!.Scalar!.Value.Value);
    }

    [Fact]
    public async Task Division_by_zero_in_a_vector_reads_as_NaN()
    {
        var reply = await Api.QueryAsync("vector(0) / 0");

        Assert.True(double.IsNaN(Assert.Single(reply.Data!.Vector).Value.Value));
    }

    [Fact]
    public async Task String_literal_query_returns_a_string_result()
    {
        var reply = await Api.QueryAsync("\"hms-ops\"");

        Assert.Equal(QueryResultType.String, reply.Data!.ResultType);
        Assert.Equal("hms-ops", reply.Data.StringValue!.Value.Value);
    }

    [Fact]
    public async Task Query_at_a_given_time_is_evaluated_at_that_time()
    {
        var at = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 250, TimeSpan.Zero);

        var reply = await Api.QueryAsync("time()", at, timeout: TimeSpan.FromSeconds(10));

        var point = reply.Data!.Scalar!.Value;
        Assert.Equal(at, point.Timestamp);
        Assert.Equal(at.ToUnixTimeMilliseconds() / 1000d, point.Value);
    }
}
