using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Changes;

public sealed class CanaryAnalysisTests
{
    private static readonly ChangesOptions Defaults = new();

    [Fact]
    public void Similar_versions_pass()
    {
        var verdict = CanaryJudge.Judge(new("v1", 20, 0.002, 0.120), new("v2", 1, 0.004, 0.130), Defaults);

        Assert.Equal(CanaryOutcome.Pass, verdict.Outcome);
        Assert.Contains("p95 130 ms vs 120 ms", verdict.Reason);
    }

    [Fact]
    public void More_errors_on_the_canary_fail_with_the_numbers()
    {
        var verdict = CanaryJudge.Judge(new("v1", 20, 0.001, 0.1), new("v2", 1, 0.08, 0.1), Defaults);

        Assert.Equal(CanaryOutcome.Fail, verdict.Outcome);
        Assert.Equal("error rate 8 % on v2 vs 0.1 % on v1 (allowed +1 %)", verdict.Reason);
    }

    [Fact]
    public void A_slower_canary_fails_but_a_tiny_absolute_difference_does_not()
    {
        var slow = CanaryJudge.Judge(new("v1", 20, 0, 0.200), new("v2", 1, 0, 0.900), Defaults);
        var tiny = CanaryJudge.Judge(new("v1", 20, 0, 0.002), new("v2", 1, 0, 0.004), Defaults);

        Assert.Equal(CanaryOutcome.Fail, slow.Outcome);
        Assert.Contains("p95 900 ms on v2 vs 200 ms on v1", slow.Reason);
        Assert.Equal(CanaryOutcome.Pass, tiny.Outcome);
    }

    [Theory]
    [InlineData(null, 20.0)]
    [InlineData(0.01, 20.0)]
    [InlineData(1.0, null)]
    public void Too_little_traffic_is_inconclusive_not_a_pass(double? canaryRate, double? stableRate)
    {
        var verdict = CanaryJudge.Judge(new("v1", stableRate, 0, 0.1), new("v2", canaryRate, 0, 0.1), Defaults);

        Assert.Equal(CanaryOutcome.Inconclusive, verdict.Outcome);
    }

    [Fact]
    public void The_queries_select_by_service_and_version()
    {
        Assert.Equal("sum(rate(hms_http_requests_total{service=\"ach-svc\",version=\"v1.8.2\",code=~\"5..\"}[60s]))",
            CanaryQueries.ErrorRate("ach-svc", "v1.8.2", TimeSpan.FromMinutes(1)));
        Assert.Equal("histogram_quantile(0.95, sum by (le) (rate(hms_http_request_duration_seconds_bucket{service=\"a\\\"b\",version=\"v2\"}[90s])))",
            CanaryQueries.P95("a\"b", "v2", TimeSpan.FromSeconds(90)));
    }

    [Fact]
    public async Task The_analyzer_reads_both_versions_from_the_embedded_engine()
    {
        // The metric names and labels the demo fleet emits, with the version label the contract adds.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var metrics = new MetricsOptions();
        var store = new TimeSeriesStore(metrics);
        var expander = new MetricExpander(metrics);
        var writes = new List<SeriesWrite>();
        var start = time.GetUtcNow().AddMinutes(-2).ToUnixTimeMilliseconds();
        for (var i = 0; i < 1200; i++)
        {
            var at = start + i * 100;
            var canary = i % 10 == 0;
            var version = canary ? "v2" : "v1";
            var failed = canary && i % 20 == 0;
            expander.Expand(new MetricEvent("hms_http_requests_total", MetricKind.Counter, 1,
                LabelSet.From(("service", "ach-svc"), ("version", version), ("code", failed ? "500" : "200")), at), writes);
            expander.Expand(new MetricEvent("hms_http_request_duration_seconds", MetricKind.Timing, canary ? 0.2 : 0.04,
                LabelSet.From(("service", "ach-svc"), ("version", version), ("route", "/ach/transfer")), at), writes);
        }
        store.Apply(writes, 1);
        var analyzer = new MetricsCanaryAnalyzer(new EmbeddedMetricsSource(store, metrics), Options.Create(Defaults), time);

        var verdict = await analyzer.AnalyzeAsync(Canary("v1", "v2"), default);

        Assert.Equal(CanaryOutcome.Fail, verdict.Outcome);
        Assert.Equal(0, verdict.Stable!.ErrorRate);
        Assert.Equal(0.5, verdict.Canary!.ErrorRate!.Value, 3);
        Assert.True(verdict.Canary.P95Seconds > verdict.Stable.P95Seconds);
    }

    [Fact]
    public async Task An_unreachable_source_or_no_data_is_inconclusive()
    {
        var time = new FakeTimeProvider();
        var down = new MetricsCanaryAnalyzer(new FailingSource(), Options.Create(Defaults), time);
        var empty = new MetricsCanaryAnalyzer(new EmbeddedMetricsSource(new TimeSeriesStore(new MetricsOptions()), new MetricsOptions()), Options.Create(Defaults), time);

        Assert.Equal(CanaryOutcome.Inconclusive, (await down.AnalyzeAsync(Canary("v1", "v2"), default)).Outcome);
        Assert.Equal(CanaryOutcome.Inconclusive, (await empty.AnalyzeAsync(Canary("v1", "v2"), default)).Outcome);
    }

    [Fact]
    public async Task The_service_walks_a_canary_through_analysis_and_aborts_it_on_regression()
    {
        await using var h = new ChangeHarness();
        var analyzer = new ScriptedAnalyzer();
        var requested = await h.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Canary, "v2.0.0", "new rail client"), People.Engineer);
        var id = requested.Change!.Id;
        await h.Service.ApproveAsync(id, People.Lead1);
        await h.Service.WhenIdleAsync();

        Assert.Equal(0, await h.Service.AnalyseDueCanariesAsync(analyzer, default));
        h.Time.Advance(h.Options.CanaryStepPause);
        analyzer.Next = CanaryVerdict.Pass("fine", new("v1.9.0", 10, 0, 0.1), new("v2.0.0", 1, 0, 0.1));
        Assert.Equal(1, await h.Service.AnalyseDueCanariesAsync(analyzer, default));
        await h.Service.WhenIdleAsync();
        h.Time.Advance(h.Options.CanaryStepPause);
        analyzer.Next = CanaryVerdict.Fail("p95 900 ms on v2.0.0 vs 120 ms on v1.9.0");
        await h.Service.AnalyseDueCanariesAsync(analyzer, default);
        await h.Service.WhenIdleAsync();

        Assert.Equal([(ExecutionAction.CanaryWeight, 5), (ExecutionAction.CanaryWeight, 25), (ExecutionAction.CanaryAbort, 0)],
            h.Executor.Calls.Select(c => (c.Action, c.WeightPercent)));
        Assert.Equal(ChangeState.Aborted, h.Service.Get(id)!.State);
        Assert.Contains(Core.Audit.AuditActions.CanaryAutoAbort, h.AuditActions());
    }

    private static ChangeRecord Canary(string from, string to) => new()
    {
        Id = "chg-c", Service = "ach-svc", Kind = ChangeKind.Canary, FromVersion = from, TargetVersion = to, Reason = "r",
        RequestedBy = "engineer", RequestedAt = default, ExpiresAt = default, State = ChangeState.CanaryRunning,
    };

    private sealed class ScriptedAnalyzer : ICanaryAnalyzer
    {
        public CanaryVerdict Next { get; set; } = CanaryVerdict.Inconclusive("not scripted");

        public Task<CanaryVerdict> AnalyzeAsync(ChangeRecord canary, CancellationToken cancellationToken) => Task.FromResult(Next);
    }

    private sealed class FailingSource : IMetricsSource
    {
        public string Name => "Prometheus";

        public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) =>
            throw new MetricsSourceUnavailableException(Name, "connection refused");

        public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
