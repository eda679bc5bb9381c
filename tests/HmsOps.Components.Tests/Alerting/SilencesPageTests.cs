using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.PromQL;

namespace HmsOps.Components.Tests.Alerting;

public sealed class SilencesPageTests : AlertsTestBase
{
    public SilencesPageTests() => RenderInteractively();

    [Fact]
    public void Active_pending_and_expired_silences_are_listed_and_expire_ends_one_now()
    {
        var active = Silences.Create([new("alertname", MatchOp.Equal, "ACHLatencyHigh")], TimeSpan.FromHours(2), "ada", "rail maintenance");
        Silences.Create([new("service", MatchOp.Equal, "api-gw")], TimeSpan.FromHours(1), "bob", "deploy tonight", Time.GetUtcNow().AddHours(3));
        var old = Silences.Create([new("service", MatchOp.Equal, "claims-api")], TimeSpan.FromMinutes(5), "cy", "done");
        Silences.Expire(old.Id);

        var page = Ctx.Render<Silences>();

        Assert.Equal(["active", "pending", "expired"], page.FindAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Equal(2, page.FindAll("button:contains('Expire')").Count);

        page.Find("button[aria-label='Expire silence {alertname=\"ACHLatencyHigh\"}']").Click();

        Assert.False(Silences.All().Single(s => s.Id == active.Id).IsActiveAt(Time.GetUtcNow()));
        page.WaitForAssertion(() => Assert.Equal(["pending", "expired", "expired"],
            page.FindAll("tbody tr td:first-child").Select(td => td.TextContent.Trim())));
    }

    [Fact]
    public void With_no_silences_the_page_says_how_to_create_one()
    {
        var page = Ctx.Render<Silences>();

        Assert.Contains("Create one from an alert", page.Find("[role='status']").TextContent, StringComparison.Ordinal);
    }
}
