using Bunit;
using HmsOps.Console.Components.Layout;
using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Layout;

public sealed class FiringCriticalBadgeTests : MudComponentTest
{
    private readonly AlertBook _book;

    public FiringCriticalBadgeTests()
    {
        _book = new AlertBook(Time, new AlertBookOptions());
        Ctx.Services.AddSingleton(_book);
        Ctx.Services.AddSingleton(new HmsOps.Console.Hosting.ConsoleOptions());
        Ctx.AddAuthorization().SetAuthorized("ada");
        RenderInteractively();
    }

    private ConsoleAlert Alert(string name, string severity, AlertState state)
    {
        var labels = LabelSet.From(("alertname", name), ("severity", severity));
        var now = Time.GetUtcNow();
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, state, 1, now, null, null, now, AlertOrigin.Rules, "test");
    }

    [Fact]
    public void The_badge_counts_only_firing_criticals_links_to_them_and_follows_the_book_live()
    {
        _book.Upsert("rules", [Alert("A", "critical", AlertState.Firing), Alert("B", "critical", AlertState.Pending), Alert("C", "warning", AlertState.Firing)]);

        var badge = Ctx.Render<FiringCriticalBadge>();

        var link = badge.Find("a[aria-label='1 critical alert firing']");
        Assert.Equal("alerts?state=firing&severity=critical", link.GetAttribute("href"));
        Assert.Equal("1", badge.Find(".firing-critical-count").TextContent.Trim());
        Assert.Contains("firing", badge.Find(".firing-critical-count").ClassList);

        _book.Upsert("rules", [Alert("B", "critical", AlertState.Firing), Alert("D", "critical", AlertState.Firing)]);

        badge.WaitForAssertion(() => Assert.Equal("3", badge.Find(".firing-critical-count").TextContent.Trim()));
        Assert.NotNull(badge.Find("a[aria-label='3 critical alerts firing']"));
    }

    [Fact]
    public void The_badge_is_in_the_app_bar_of_every_page()
    {
        _book.Upsert("rules", [Alert("A", "critical", AlertState.Firing)]);

        var layout = Ctx.Render<MainLayout>(p => p.Add(l => l.Body, (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddContent(0, "any page"))));

        Assert.NotNull(layout.Find("header a[href='alerts?state=firing&severity=critical']"));
    }

    [Fact]
    public void With_nothing_firing_the_badge_says_zero_and_is_not_red()
    {
        var badge = Ctx.Render<FiringCriticalBadge>();

        Assert.Equal("0", badge.Find(".firing-critical-count").TextContent.Trim());
        Assert.DoesNotContain("firing", badge.Find(".firing-critical-count").ClassList);
    }
}
