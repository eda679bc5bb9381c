using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class PrometheusQueryApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly RecordingSource _source = new();
    private readonly MetricMetadataRegistry _metadata = new(100);
    private readonly MetricsOptions _options = new() { MaxPoints = 11_000, QueryTimeout = TimeSpan.FromMinutes(2) };

    private PrometheusQueryApi Api => new(_source, _metadata, _options, new FakeTimeProvider(Now));

    [Fact]
    public async Task An_instant_query_without_time_is_evaluated_now()
    {
        var reply = await Api.QueryAsync(Params(("query", "up")), default);

        Assert.IsType<QueryReply>(reply);
        Assert.Equal(("up", Now), (_source.Query, _source.Time));
    }

    [Fact]
    public async Task A_range_query_passes_its_parsed_parameters()
    {
        var reply = await Api.QueryRangeAsync(Params(("query", "up"), ("start", "1700000000"), ("end", "2023-11-14T22:23:20Z"), ("step", "15s")), default);

        Assert.IsType<QueryReply>(reply);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), _source.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_600), _source.End);
        Assert.Equal(TimeSpan.FromSeconds(15), _source.Step);
    }

    [Theory]
    [InlineData("x", "1", "1", "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp")]
    [InlineData(null, "1", "1", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")]
    [InlineData("1", "y", "1", "invalid parameter \"end\": cannot parse \"y\" to a valid timestamp")]
    [InlineData("10", "5", "1", "invalid parameter \"end\": end timestamp must not be before start time")]
    [InlineData("1", "5", "z", "invalid parameter \"step\": cannot parse \"z\" to a valid duration")]
    [InlineData("1", "5", "0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("1", "5", "-1", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("0", "11001", "1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    public async Task Range_parameters_are_checked_with_prometheus_phrases(string? start, string end, string step, string expected)
    {
        var pairs = new List<(string, string)> { ("query", "up"), ("end", end), ("step", step) };
        if (start is not null)
        {
            pairs.Add(("start", start));
        }

        var reply = Assert.IsType<ErrorReply>(await Api.QueryRangeAsync(Params([.. pairs]), default));

        Assert.Equal((QueryErrorType.BadData, expected), (reply.Type, reply.Message));
        Assert.Null(_source.Query);
    }

    [Fact]
    public async Task Exactly_max_points_is_accepted()
    {
        var reply = await Api.QueryRangeAsync(Params(("query", "up"), ("start", "0"), ("end", "11000"), ("step", "1")), default);

        Assert.IsType<QueryReply>(reply);
    }

    [Fact]
    public async Task Bad_time_and_timeout_are_named()
    {
        var time = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up"), ("time", "soon")), default));
        var timeout = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up"), ("timeout", "long")), default));

        Assert.Equal("invalid parameter \"time\": Invalid time value for 'time': cannot parse \"soon\" to a valid timestamp", time.Message);
        Assert.Equal("invalid parameter \"timeout\": cannot parse \"long\" to a valid duration", timeout.Message);
    }

    [Fact]
    public async Task A_parse_error_names_the_query_parameter()
    {
        _source.Throw = new PromQLParseException(4, "1:5: parse error: unclosed left parenthesis");

        var reply = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "sum(")), default));

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis", reply.Message);
    }

    [Fact]
    public async Task Engine_errors_keep_their_type()
    {
        _source.Throw = new PromQLException(QueryErrorType.Execution, "query processing would load too many samples into memory");

        var reply = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up")), default));

        Assert.Equal((422, "execution"), (reply.StatusCode, reply.Type.Wire()));
    }

    [Fact]
    public async Task A_query_past_its_timeout_answers_503_timeout()
    {
        _source.WaitForCancellation = true;

        var reply = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up"), ("timeout", "0")), default));

        Assert.Equal((503, QueryErrorType.Timeout), (reply.StatusCode, reply.Type));
        Assert.Equal("query timed out in expression evaluation", reply.Message);
    }

    [Fact]
    public async Task A_source_that_reports_cancellation_at_our_deadline_is_a_timeout()
    {
        _source.CanceledAsPromQLError = true;

        var reply = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up"), ("timeout", "0")), default));

        Assert.Equal((503, QueryErrorType.Timeout), (reply.StatusCode, reply.Type));
    }

    [Fact]
    public async Task The_configured_query_timeout_caps_the_requested_one()
    {
        _options.QueryTimeout = TimeSpan.Zero;
        _source.WaitForCancellation = true;

        var reply = Assert.IsType<ErrorReply>(await Api.QueryAsync(Params(("query", "up"), ("timeout", "1h")), default));

        Assert.Equal(QueryErrorType.Timeout, reply.Type);
    }

    [Fact]
    public async Task Series_needs_match_and_bad_selectors_name_match()
    {
        var missing = Assert.IsType<ErrorReply>(await Api.SeriesAsync(Params(), default));
        _source.Throw = new PromQLParseException(0, "1:1: parse error: unexpected \"}\"");
        var bad = Assert.IsType<ErrorReply>(await Api.SeriesAsync(Params(("match[]", "}")), default));

        Assert.Equal("no match[] parameter provided", missing.Message);
        Assert.Equal("invalid parameter \"match[]\": 1:1: parse error: unexpected \"}\"", bad.Message);
    }

    [Fact]
    public async Task Label_values_check_the_label_name()
    {
        var reply = Assert.IsType<ErrorReply>(await Api.LabelValuesAsync("not-a-label", Params(), default));

        Assert.Equal("invalid label name: \"not-a-label\"", reply.Message);
    }

    [Fact]
    public async Task Labels_without_a_range_cover_all_time()
    {
        var reply = Assert.IsType<StringListReply>(await Api.LabelNamesAsync(Params(), default));

        Assert.Equal(["job"], reply.Values);
        Assert.True(_source.Start <= DateTimeOffset.UnixEpoch && _source.End >= new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Metadata_filters_by_metric_and_limits_families()
    {
        _metadata.Record("b_total", MetricKind.Counter);
        _metadata.Record("a_seconds", MetricKind.Timing);
        _metadata.Record("c_depth", MetricKind.Gauge);

        var all = Assert.IsType<MetadataReply>(Api.Metadata(Params()));
        var one = Assert.IsType<MetadataReply>(Api.Metadata(Params(("metric", "b_total"))));
        var two = Assert.IsType<MetadataReply>(Api.Metadata(Params(("limit", "2"))));
        var bad = Assert.IsType<ErrorReply>(Api.Metadata(Params(("limit", "many"))));

        Assert.Equal(["a_seconds:histogram", "b_total:counter", "c_depth:gauge"], all.Families.Select(f => $"{f.Key}:{f.Value}"));
        Assert.Equal(["b_total"], one.Families.Select(f => f.Key));
        Assert.Equal(2, two.Families.Count);
        Assert.Equal("limit must be a number", bad.Message);
    }

    private static DictionaryApiParameters Params(params (string Name, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Select(p => p.Value).ToArray()));

    private sealed class RecordingSource : IMetricsSource
    {
        public string? Query { get; private set; }
        public DateTimeOffset Time { get; private set; }
        public DateTimeOffset Start { get; private set; }
        public DateTimeOffset End { get; private set; }
        public TimeSpan Step { get; private set; }
        public Exception? Throw { get; set; }
        public bool WaitForCancellation { get; set; }
        /// <summary>As the engine does: a cancelled token becomes PromQLException(Canceled).</summary>
        public bool CanceledAsPromQLError { get; set; }

        public string Name => "Recording";

        public async Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken)
        {
            (Query, Time) = (query, time);
            await Answer(cancellationToken);
            return new VectorResult([]);
        }

        public async Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            (Query, Start, End, Step) = (query, start, end, step);
            await Answer(cancellationToken);
            return new MatrixResult([]);
        }

        public async Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
        {
            (Start, End) = (start, end);
            await Answer(cancellationToken);
            return [];
        }

        public async Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
        {
            (Start, End) = (start, end);
            await Answer(cancellationToken);
            return ["job"];
        }

        public async Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
        {
            await Answer(cancellationToken);
            return [];
        }

        private async Task Answer(CancellationToken cancellationToken)
        {
            if (Throw is not null)
            {
                throw Throw;
            }
            if (WaitForCancellation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (CanceledAsPromQLError)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    throw new PromQLException(QueryErrorType.Canceled, "query was canceled in expression evaluation");
                }
            }
        }
    }
}
