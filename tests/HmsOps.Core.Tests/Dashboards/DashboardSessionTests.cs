using HmsOps.Core.Dashboards;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class DashboardSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dashboard Radar = DashboardParser.Parse("""
        { "uid": "r", "title": "R", "time": { "from": "now-15m", "to": "now" }, "refresh": "5s",
          "templating": { "list": [ { "type": "query", "name": "service", "query": "label_values(hms_http_requests_total, service)", "multi": true, "includeAll": true, "sort": 1 } ] },
          "panels": [
            { "type": "table", "title": "all", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 3 },
              "targets": [ { "refId": "A", "expr": "sum by (service) (rate(x_total{service=~\"$service\"}[$__range]))" }, { "refId": "B", "expr": "up", "hide": true } ] },
            { "type": "row", "title": "$service", "repeat": "service", "panels": [] },
            { "type": "stat", "title": "p95 $service", "gridPos": { "x": 0, "y": 4, "w": 6, "h": 3 },
              "targets": [ { "refId": "A", "expr": "histogram_quantile(0.95, sum by (le) (rate(x_bucket{service=~\"$service\"}[$__rate_interval])))" } ] } ] }
        """, "r.json");

    [Fact]
    public void A_refresh_below_the_live_minimum_is_raised_to_it_and_remembered_as_raised()
    {
        var session = new DashboardSession(Radar, new DashboardOptions()) { MinRefresh = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(10), session.Refresh);
        Assert.Equal(TimeSpan.FromSeconds(5), session.RefreshRaisedFrom);
        session.Refresh = TimeSpan.FromSeconds(30);
        Assert.Equal((TimeSpan.FromSeconds(30), (TimeSpan?)null), (session.Refresh!.Value, session.RefreshRaisedFrom));
        session.Refresh = null;
        Assert.Null(session.Refresh);
    }

    [Fact]
    public async Task A_repeated_row_queries_each_copy_with_its_own_value_and_live_relative_ranges()
    {
        var session = new DashboardSession(Radar, new DashboardOptions());
        await session.ResolveVariablesAsync(new LabelSource(["b.svc", "a"]), Now, CancellationToken.None);

        var (panels, omitted) = session.Panels();

        Assert.Equal(0, omitted);
        var stats = panels.Where(p => p.Panel.Type == "stat").ToArray();
        Assert.Equal(["a", "b.svc"], stats.Select(p => p.RepeatValue));
        Assert.Equal("p95 b.svc", session.Title(stats[1]));
        var query = Assert.Single(session.Queries(stats[1], Now));
        Assert.Equal("histogram_quantile(0.95, sum by (le) (rate(x_bucket{service=~\"b\\\\.svc\"}[60s])))", query.Expr);
        Assert.Equal(new LiveQuery(query.Expr, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)), query.Live);

        var table = panels.Single(p => p.Panel.Type == "table");
        var tableQuery = Assert.Single(session.Queries(table, Now)); // the hidden target is not run
        Assert.True(tableQuery.Instant);
        Assert.Equal("sum by (service) (rate(x_total{service=~\"(a|b\\\\.svc)\"}[900s]))", tableQuery.Expr);
        Assert.Equal(TimeSpan.Zero, tableQuery.Live!.Range);
    }

    [Fact]
    public async Task Url_state_selects_values_and_an_absolute_range_is_not_live()
    {
        var session = new DashboardSession(Radar, new DashboardOptions());
        DashboardUrlState.Apply(session, new Dictionary<string, string[]>
        {
            ["from"] = ["2026-03-02T10:00:00Z"], ["to"] = ["2026-03-02T11:00:00Z"], ["refresh"] = ["1m"], ["var-service"] = ["a"],
        });
        await session.ResolveVariablesAsync(new LabelSource(["a", "b"]), Now, CancellationToken.None);

        Assert.False(session.IsLive);
        Assert.Equal(["a"], session.Values["service"].Values);
        var stat = session.Panels().Panels.Single(p => p.Panel.Type == "stat");
        Assert.Null(session.Queries(stat, Now).Single().Live);
        Assert.Equal(
            [new("from", "2026-03-02T10:00:00Z"), new("to", "2026-03-02T11:00:00Z"), new("refresh", "1m"), new KeyValuePair<string, string>("var-service", "a")],
            DashboardUrlState.ToQuery(session));
    }

    [Fact]
    public async Task A_source_that_cannot_answer_leaves_the_variable_with_its_error()
    {
        var session = new DashboardSession(Radar, new DashboardOptions());

        await session.ResolveVariablesAsync(new LabelSource(null), Now, CancellationToken.None);

        Assert.Equal("Fake unavailable: down", session.VariableErrors["service"]);
        Assert.Empty(session.Options["service"]);
    }

    private sealed class LabelSource(string[]? values) : IMetricsSource
    {
        public string Name => "Fake";

        public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            values is null ? throw new MetricsSourceUnavailableException("Fake", "down") : Task.FromResult<IReadOnlyList<string>>(values);

        public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
