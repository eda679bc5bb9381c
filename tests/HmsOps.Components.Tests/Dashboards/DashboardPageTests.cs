using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Dashboards;

public sealed class DashboardPageTests : DashboardTestBase
{
    private const string Fixture = "/work/shared/fixtures/grafana/aspnetcore.json";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_grafana_exported_aspnetcore_dashboard_renders_its_ten_panels_and_variable_dropdowns()
    {
        Source.LabelValues["job"] = ["api", "worker"];
        Source.LabelValues["instance"] = ["host:1"];
        AddDashboard(Fixture);
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "KdDACDp4z"));

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid='dashboard-panel']").Count), Deadline);
        Assert.Equal(["timeseries", "timeseries", "timeseries", "timeseries", "stat", "stat", "stat", "stat", "table", "table"],
            page.FindAll("[data-testid='dashboard-panel']").Select(p => p.GetAttribute("data-panel-type")));
        Assert.NotNull(page.Find("[data-testid='variable-job']"));
        Assert.NotNull(page.Find("[data-testid='variable-instance']"));
        // now-5m with refresh 10s: live through the scheduler, $job All as its custom all value, Grafana's rate interval.
        var live = Scheduler.Subscribed;
        Assert.Contains(live, q => q.Expr.Contains("{job=~\".*\", instance=~\".*\"}[60s]", StringComparison.Ordinal)
            && q.Range == TimeSpan.FromMinutes(5) && q.Refresh == TimeSpan.FromSeconds(10));
        // The instance query is chained on the job selection.
        Assert.Contains("http_server_active_requests{job=~\".*\"}", Source.LabelValueMatchers);
    }

    [Fact]
    public void An_unknown_panel_type_shows_a_placeholder_naming_it()
    {
        WriteDashboard("pie.json", """{ "uid": "pie", "title": "Pie", "panels": [ { "type": "piechart", "title": "Share", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 6 } } ] }""");
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "pie"));

        page.WaitForAssertion(() => Assert.Contains("Panel type 'piechart' is not supported", page.Find("[data-testid='panel-unknown']").TextContent, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public async Task A_panel_keeps_its_data_while_the_source_is_unavailable_and_says_since_when()
    {
        WriteDashboard("s.json", """
            { "uid": "s", "title": "S", "time": { "from": "now-5m", "to": "now" }, "refresh": "5s", "panels": [
              { "type": "stat", "title": "Up", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 4 }, "targets": [ { "refId": "A", "expr": "sum(up)" } ] } ] }
            """);
        RenderInteractively();
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "s"));
        page.WaitForAssertion(() => Assert.Single(Scheduler.Subscribed), Deadline);
        var data = new MatrixResult([new MatrixSeries(LabelSet.Empty, [1_000], [42])]);

        await Scheduler.PushAsync(_ => true, q => new LiveQueryResult(q, Time.GetUtcNow(), data, null, null));
        page.WaitForAssertion(() => Assert.Equal("42", page.Find(".dash-stat-value").TextContent.Trim()), Deadline);
        Assert.Empty(page.FindAll("[data-testid='panel-unavailable']"));

        var since = Time.GetUtcNow().AddSeconds(-7);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Scheduler.PushAsync(_ => true, q => new LiveQueryResult(q, Time.GetUtcNow(), null, null, since));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("source unavailable since 11:59:53", page.Find("[data-testid='panel-unavailable']").TextContent.Trim());
            Assert.Equal("42", page.Find(".dash-stat-value").TextContent.Trim());
        }, Deadline);

        Time.Advance(TimeSpan.FromSeconds(1));
        await Scheduler.PushAsync(_ => true, q => new LiveQueryResult(q, Time.GetUtcNow(), data, null, null));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='panel-unavailable']")), Deadline);
    }

    [Fact]
    public async Task A_rejected_query_shows_its_error_on_the_panel()
    {
        WriteDashboard("e.json", """
            { "uid": "e", "title": "E", "time": { "from": "now-5m", "to": "now" }, "refresh": "5s", "panels": [
              { "type": "timeseries", "title": "Bad", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 6 }, "targets": [ { "refId": "A", "expr": "sum(" } ] } ] }
            """);
        RenderInteractively();
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "e"));
        page.WaitForAssertion(() => Assert.Single(Scheduler.Subscribed), Deadline);

        await Scheduler.PushAsync(_ => true, q => new LiveQueryResult(q, Time.GetUtcNow(), null, "unexpected end of input at 4", null));

        page.WaitForAssertion(() => Assert.Equal("A: unexpected end of input at 4", page.Find("[data-testid='panel-error']").TextContent.Trim()), Deadline);
    }

    [Fact]
    public void An_absolute_range_queries_the_source_once_instead_of_subscribing()
    {
        WriteDashboard("a.json", """
            { "uid": "a", "title": "A", "time": { "from": "2026-03-02T10:00:00Z", "to": "2026-03-02T11:00:00Z" }, "refresh": "5s", "panels": [
              { "type": "timeseries", "title": "T", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 6 }, "targets": [ { "refId": "A", "expr": "rate(x[$__rate_interval])" } ] } ] }
            """);
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "a"));

        page.WaitForAssertion(() => Assert.Equal(["rate(x[60s])"], Source.Queries), Deadline);
        Assert.Empty(Scheduler.Subscribed);
    }

    [Fact]
    public void The_list_shows_each_dashboard_with_its_link_and_an_invalid_file_with_its_error()
    {
        AddDashboard(Fixture);
        WriteDashboard("broken.json", """{ "uid": "b", "title": "B", "panels": [ { "type": "stat", "gridPos": { "w": 30 } } ] }""");

        var page = Ctx.Render<HmsOps.Console.Components.Pages.Dashboards>();

        var link = page.Find("[data-testid='dashboard-row-aspnetcore.json'] a");
        Assert.Equal("ASP.NET Core", link.TextContent.Trim());
        Assert.Equal("dashboards/KdDACDp4z", link.GetAttribute("href"));
        Assert.Contains(">10<", page.Find("[data-testid='dashboard-row-aspnetcore.json']").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("$.panels[0].gridPos.w: 30 is outside 1..24", page.Find("[data-testid='dashboard-error']").TextContent.Trim());
    }
}
