using Bunit;
using Bunit.TestDoubles;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Metrics.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Dashboards;

public sealed class RefreshLimitTests : DashboardTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private const string StatDashboard = """
        { "uid": "r", "title": "R", "time": { "from": "now-5m", "to": "now" }, "refresh": "REFRESH", "panels": [
          { "type": "stat", "title": "Up", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 4 }, "targets": [ { "refId": "A", "expr": "sum(up)" } ] } ] }
        """;

    [Fact]
    public void A_file_refresh_below_the_scheduler_minimum_is_raised_to_it_and_the_picker_says_so()
    {
        Live.MinRefresh = TimeSpan.FromSeconds(2);
        WriteDashboard("r.json", StatDashboard.Replace("REFRESH", "500ms", StringComparison.Ordinal));
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "r"));

        page.WaitForAssertion(() => Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(Scheduler.Subscribed).Refresh), Deadline);
        Assert.Equal("Refresh 500ms raised to the minimum 2s (Live:MinRefresh)", page.Find("[data-testid='refresh-note']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='panel-error']"));
    }

    [Fact]
    public void A_url_refresh_below_the_minimum_is_raised_too()
    {
        Live.MinRefresh = TimeSpan.FromSeconds(5);
        WriteDashboard("r.json", StatDashboard.Replace("REFRESH", "10s", StringComparison.Ordinal));
        Ctx.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("/dashboards/r?refresh=1s");
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "r"));

        page.WaitForAssertion(() => Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(Scheduler.Subscribed).Refresh), Deadline);
        Assert.Contains("raised to the minimum 5s", page.Find("[data-testid='refresh-note']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscription_the_scheduler_refuses_is_shown_on_the_panel_not_thrown()
    {
        Scheduler.Refuse = _ => new LiveQueryLimitException("Live:MaxQueries (500) reached");
        WriteDashboard("r.json", StatDashboard.Replace("REFRESH", "10s", StringComparison.Ordinal));
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "r"));

        page.WaitForAssertion(() => Assert.Equal("A: Live:MaxQueries (500) reached", page.Find("[data-testid='panel-error']").TextContent), Deadline);
    }
}

public sealed class NoValuePanelTests : DashboardTestBase
{
    [Theory]
    [InlineData("stat")]
    [InlineData("gauge")]
    [InlineData("bargauge")]
    public void A_panel_without_data_shows_its_no_value_text_instead_of_no_data(string type)
    {
        WriteDashboard("n.json", $$"""
            { "uid": "n", "title": "N", "time": { "from": "now-5m", "to": "now" }, "refresh": "", "panels": [
              { "type": "{{type}}", "title": "Errors", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 4 },
                "fieldConfig": { "defaults": { "noValue": "none yet" } }, "targets": [ { "refId": "A", "expr": "sum(errors_total)" } ] } ] }
            """);
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "n"));

        page.WaitForAssertion(() => Assert.Contains("errors_total", Source.Queries[0], StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Equal("none yet", page.Find("[data-testid='panel-stat'] .dash-stat-value").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("No data", page.Markup, StringComparison.Ordinal);
    }
}
