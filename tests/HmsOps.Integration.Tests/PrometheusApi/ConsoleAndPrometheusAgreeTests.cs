using System.Globalization;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// The same Refit client asks the console's Prometheus-compatible API and a real Prometheus (which holds the console's
/// series by scraping its /federate) the same questions, and gets the same answers.
/// </summary>
[Collection(FederatedPairCollection.Name)]
public sealed class ConsoleAndPrometheusAgreeTests(FederatedPairFixture pair)
{
    public static TheoryData<string> InstantQueries =>
    [
        FederatedPairFixture.Gauge,
        $"sum({FederatedPairFixture.Gauge})",
        FederatedPairFixture.Counter,
        $"sum by (le) ({FederatedPairFixture.Timing}_bucket)",
        $"histogram_quantile(0.9, sum by (le) ({FederatedPairFixture.Timing}_bucket))",
        $"{FederatedPairFixture.Timing}_count / {FederatedPairFixture.Timing}_sum",
        $"scalar(sum({FederatedPairFixture.Gauge}))",
        "vector(1) / 0",
        "\"text\"",
    ];

    [Theory]
    [MemberData(nameof(InstantQueries))]
    public async Task An_instant_query_answers_the_same_from_both(string query)
    {
        await pair.ScrapedAsync();
        var at = pair.IngestedAt.AddSeconds(1);

        var console = await pair.ConsoleApi.QueryAsync(query, at);
        var prometheus = await pair.PrometheusApi.QueryAsync(query, at);

        Assert.Equal(Describe(prometheus.Data!), Describe(console.Data!));
        Assert.NotEmpty(Describe(console.Data!));
    }

    [Fact]
    public async Task A_range_query_answers_the_same_from_both_by_get_and_by_post()
    {
        await pair.ScrapedAsync();
        var start = pair.IngestedAt.AddSeconds(-20);
        var end = pair.IngestedAt.AddSeconds(20);
        var query = $"sum by (svc) ({FederatedPairFixture.Gauge})";

        var console = await pair.ConsoleApi.QueryRangeAsync(query, start, end, TimeSpan.FromSeconds(5));
        var consolePost = await pair.ConsoleApi.QueryRangePostAsync(new RangeQueryForm
        {
            Query = query,
            Start = PrometheusFormat.Time(start),
            End = PrometheusFormat.Time(end),
            Step = "5s",
        });
        var prometheus = await pair.PrometheusApi.QueryRangeAsync(query, start, end, TimeSpan.FromSeconds(5));

        Assert.Equal(QueryResultType.Matrix, console.Data!.ResultType);
        Assert.Equal(Describe(prometheus.Data!), Describe(console.Data));
        Assert.Equal(Describe(console.Data), Describe(consolePost.Data!));
        Assert.Equal(2, console.Data.Matrix.Count);
    }

    [Fact]
    public async Task An_instant_query_by_post_answers_as_by_get()
    {
        var at = pair.IngestedAt.AddSeconds(1);
        var query = $"sum({FederatedPairFixture.Gauge})";

        var viaGet = await pair.ConsoleApi.QueryAsync(query, at);
        var viaPost = await pair.ConsoleApi.QueryPostAsync(new InstantQueryForm { Query = query, Time = PrometheusFormat.Time(at) });

        Assert.Equal(["{} 8.5"], Describe(viaGet.Data!).Select(d => d[(d.IndexOf('{'))..d.LastIndexOf(" @", StringComparison.Ordinal)]));
        Assert.Equal(Describe(viaGet.Data!), Describe(viaPost.Data!));
    }

    [Fact]
    public async Task Series_labels_and_label_values_answer_the_same_from_both()
    {
        await pair.ScrapedAsync();
        string[] match = ["{__name__=~\"hms_api_test_.+\"}"];
        var start = pair.IngestedAt.AddMinutes(-1);
        var end = pair.IngestedAt.AddMinutes(1);

        var consoleSeries = await pair.ConsoleApi.GetSeriesAsync(match, start, end);
        var prometheusSeries = await pair.PrometheusApi.GetSeriesAsync(match, start, end);
        var consoleLabels = await pair.ConsoleApi.GetLabelNamesAsync(match, PrometheusFormat.Time(start), PrometheusFormat.Time(end));
        var prometheusLabels = await pair.PrometheusApi.GetLabelNamesAsync(match, PrometheusFormat.Time(start), PrometheusFormat.Time(end));
        var consoleValues = await pair.ConsoleApi.GetLabelValuesAsync("le", match, PrometheusFormat.Time(start), PrometheusFormat.Time(end));
        var prometheusValues = await pair.PrometheusApi.GetLabelValuesAsync("le", match, PrometheusFormat.Time(start), PrometheusFormat.Time(end));

        Assert.Equal(Keys(prometheusSeries.Data!), Keys(consoleSeries.Data!));
        Assert.Equal(17, consoleSeries.Data!.Count);
        Assert.Equal(prometheusLabels.Data, consoleLabels.Data);
        Assert.Equal(["__name__", "le", "path", "svc"], consoleLabels.Data);
        Assert.Equal(prometheusValues.Data, consoleValues.Data);
        Assert.Contains("+Inf", consoleValues.Data!);
    }

    [Fact]
    public async Task Metadata_gives_the_family_types_prometheus_learned_from_the_federate_type_lines()
    {
        await pair.ScrapedAsync();
        var prometheus = await Poll(() => pair.PrometheusApi.GetMetadataAsync(FederatedPairFixture.Timing), r => r.Data is { Count: > 0 });

        var console = await pair.ConsoleApi.GetMetadataAsync();
        var limited = await pair.ConsoleApi.GetMetadataAsync(limit: 1);

        Assert.Equal("histogram", console.Data![FederatedPairFixture.Timing].Single().Type);
        Assert.Equal("counter", console.Data[FederatedPairFixture.Counter].Single().Type);
        Assert.Equal("gauge", console.Data[FederatedPairFixture.Gauge].Single().Type);
        Assert.Equal("histogram", prometheus.Data![FederatedPairFixture.Timing].Single().Type);
        Assert.Single(limited.Data!);
    }

    [Fact]
    public async Task Federate_writes_the_text_format_with_type_lines_and_millisecond_timestamps()
    {
        var text = await pair.ConsoleHttp.GetStringAsync("/federate?match[]=" + Uri.EscapeDataString("{__name__=~\"hms_api_test_.+\"}"));
        var ms = pair.IngestedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        Assert.Contains($"# TYPE {FederatedPairFixture.Timing} histogram\n", text, StringComparison.Ordinal);
        Assert.Contains($"{FederatedPairFixture.Timing}_bucket{{le=\"+Inf\",svc=\"a\"}} 3 {ms}\n", text, StringComparison.Ordinal);
        Assert.Contains($"{FederatedPairFixture.Counter}{{path=\"C:\\\\q \\\"x\\\"\",svc=\"a\"}} 7 {ms}\n", text, StringComparison.Ordinal);
        Assert.Contains($"# TYPE {FederatedPairFixture.Gauge} gauge\n", text, StringComparison.Ordinal);
    }

    /// <summary>Each sample as "labels value @ms", sorted, so results compare regardless of series order.</summary>
    private static List<string> Describe(QueryData data)
    {
        static string Labels(IReadOnlyDictionary<string, string> metric) =>
            "{" + string.Join(",", metric.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
        static string Point(SamplePoint p) => $"{PrometheusValue.Format(p.Value)} @{p.Timestamp.ToUnixTimeMilliseconds()}";
        var lines = data.ResultType switch
        {
            QueryResultType.Vector => data.Vector.Select(s => $"vector {Labels(s.Metric)} {Point(s.Value)}"),
            QueryResultType.Matrix => data.Matrix.Select(s => $"matrix {Labels(s.Metric)} {string.Join(" ", s.Values.Select(Point))}"),
            QueryResultType.Scalar => [$"scalar {{}} {Point(data.Scalar!.Value)}"],
            _ => [$"string {{}} {data.StringValue!.Value.Value} @{data.StringValue.Value.Timestamp.ToUnixTimeMilliseconds()}"],
        };
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Keys(IReadOnlyList<Dictionary<string, string>> series) =>
        series.Select(s => string.Join(",", s.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
            .Order(StringComparer.Ordinal).ToList();

    private static Task<T> Poll<T>(Func<Task<T>> probe, Func<T, bool> done) =>
        Infrastructure.Poll.UntilAsync(probe, done, "Prometheus to have the metadata");
}
