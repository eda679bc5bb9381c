using Bunit;
using HmsOps.Console.Components.Layout;
using HmsOps.Console.Hosting;
using HmsOps.Core.Alerting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Layout;

public sealed class MainLayoutTests : MudComponentTest
{
    public MainLayoutTests()
    {
        Ctx.Services.AddSingleton(new ConsoleOptions { EnvironmentName = "STAGING-EU" });
        Ctx.Services.AddSingleton(new AlertBook(Time, new AlertBookOptions()));
        Ctx.AddAuthorization().SetAuthorized("ada");
        RenderInteractively();
    }

    [Theory]
    [InlineData("Radar", "")]
    [InlineData("Alerts", "alerts")]
    [InlineData("Rules", "rules")]
    [InlineData("Notifications", "notifications")]
    [InlineData("Traces", "traces")]
    [InlineData("Logs", "logs")]
    [InlineData("Incidents", "incidents")]
    [InlineData("Deployments", "deployments")]
    [InlineData("Runbooks", "runbooks")]
    [InlineData("Dashboards", "dashboards")]
    public void The_navigation_links_every_console_section(string name, string href)
    {
        var layout = RenderLayout();

        var nav = layout.Find("nav[aria-label='Console sections']");
        var link = Assert.Single(nav.QuerySelectorAll("a"), a => a.TextContent.Trim() == name);
        Assert.Equal(href, link.GetAttribute("href"));
    }

    [Fact]
    public void The_navigation_lists_the_sections_in_order_and_nothing_else()
    {
        var layout = RenderLayout();

        var names = layout.FindAll("nav[aria-label='Console sections'] a").Select(a => a.TextContent.Trim());
        Assert.Equal(["Radar", "Alerts", "Rules", "Notifications", "Traces", "Logs", "Incidents", "Deployments", "Runbooks", "Dashboards"], names);
    }

    [Fact]
    public void The_app_bar_names_the_environment_so_nobody_mistakes_one_console_for_another()
    {
        var layout = RenderLayout();

        var appBar = layout.Find("header");
        Assert.Contains("STAGING-EU", appBar.TextContent, StringComparison.Ordinal);
        Assert.Equal("STAGING-EU", layout.Find("[aria-label='Environment']").TextContent.Trim());
        Assert.Contains("page body", layout.Find(".mud-main-content").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_bar_clock_shows_the_current_time_in_utc()
    {
        Time.SetUtcNow(RadarSamples.Start.AddHours(3).AddMinutes(4).AddSeconds(5));

        var layout = RenderLayout();

        Assert.Equal("15:04:05 UTC", layout.Find("button[aria-label='Clock']").TextContent.Trim());
    }

    [Fact]
    public void Toggling_the_theme_from_the_dark_default_stores_light_in_the_browser()
    {
        var layout = RenderLayout();

        layout.Find("button[aria-label='Toggle theme']").Click();

        var stored = Ctx.JSInterop.VerifyInvoke("hmsOps.theme.set");
        Assert.Equal(["light"], stored.Arguments);
    }

    [Fact]
    public void A_remembered_light_theme_is_restored_so_the_next_toggle_goes_back_to_dark()
    {
        Ctx.JSInterop.Setup<string?>("hmsOps.theme.get").SetResult("light");
        var layout = RenderLayout();

        layout.Find("button[aria-label='Toggle theme']").Click();

        Assert.Equal(["dark"], Ctx.JSInterop.VerifyInvoke("hmsOps.theme.set").Arguments);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
}
