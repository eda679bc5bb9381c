using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

public sealed class DashboardTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private static readonly TimeSpan DataArrives = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_list_links_every_loaded_dashboard_and_shows_why_a_file_was_not()
    {
        await using var page = await fixture.OpenAsync("/dashboards");

        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboards", Level = 1, Exact = true })).ToBeVisibleAsync();
        foreach (var (file, title) in new[] { ("aspnetcore.json", "ASP.NET Core"), ("radar.json", "Radar"), ("ach-latency-radar.json", "ACH latency radar"),
            ("service-overview.json", "Service overview"), ("e2e-service-table.json", "E2E service table") })
        {
            await Expect(page.Page.GetByTestId($"dashboard-row-{file}").GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        }
        await Expect(page.Page.GetByTestId("dashboard-row-broken.json")).ToContainTextAsync("$.panels[0].gridPos.w: 30 is outside 1..24");

        await page.Page.GetByTestId("dashboard-row-aspnetcore.json").GetByRole(AriaRole.Link, new() { Name = "ASP.NET Core", Exact = true }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/dashboards/KdDACDp4z");
    }

    [Fact]
    public async Task The_grafana_exported_dashboard_renders_its_ten_panels_and_variables()
    {
        await using var page = await fixture.OpenAsync("/dashboards/KdDACDp4z");

        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "ASP.NET Core", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("dashboard-panel")).ToHaveCountAsync(10);
        foreach (var title in new[] { "Requests Duration", "Errors Rate", "Total Requests", "Top 10 Requested Endpoints" })
        {
            await Expect(page.Panel(title)).ToBeVisibleAsync();
        }
        await Expect(page.Page.GetByTestId("variable-job")).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("variable-instance")).ToBeVisibleAsync();
        Assert.True(page.BrowserErrors.Count == 0, "the browser reported:\n" + string.Join('\n', page.BrowserErrors));
    }

    [Fact]
    public async Task Gauges_are_drawn_by_apexcharts_as_a_radial_bar_and_horizontal_bars()
    {
        await using var page = await fixture.OpenAsync("/dashboards/e2e-gauges");

        await Expect(page.Panel("Series gauge").Locator(".apexcharts-radialbar").First).ToBeAttachedAsync(new() { Timeout = (float)DataArrives.TotalMilliseconds });
        await Expect(page.Panel("Series by service").Locator(".apexcharts-bar-area").First).ToBeAttachedAsync(new() { Timeout = (float)DataArrives.TotalMilliseconds });
        Assert.True(page.BrowserErrors.Count == 0, "the browser reported:\n" + string.Join('\n', page.BrowserErrors));
    }

    [Fact]
    public async Task Choosing_a_variable_value_changes_the_query_and_the_url()
    {
        await using var page = await fixture.OpenAsync("/dashboards/e2e-service-table?var-service=ach-svc");
        var table = page.Panel("Rate by service");
        await Expect(table.GetByRole(AriaRole.Cell, new() { Name = "ach-svc", Exact = true })).ToBeVisibleAsync(new() { Timeout = (float)DataArrives.TotalMilliseconds });
        await Expect(table.GetByRole(AriaRole.Cell, new() { Name = "api-gw", Exact = true })).ToHaveCountAsync(0);

        await page.Page.GetByTestId("variable-service").ClickAsync();
        await page.Page.GetByRole(AriaRole.Option, new() { Name = "api-gw", Exact = true }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("var-service=api-gw"));
        await Expect(table.GetByRole(AriaRole.Cell, new() { Name = "api-gw", Exact = true })).ToBeVisibleAsync(new() { Timeout = (float)DataArrives.TotalMilliseconds });
        await Expect(table.GetByRole(AriaRole.Cell, new() { Name = "ach-svc", Exact = true })).ToHaveCountAsync(0);
    }
}
