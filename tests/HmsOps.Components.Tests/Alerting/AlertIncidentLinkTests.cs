using Bunit;
using HmsOps.Core.Alerting;

namespace HmsOps.Components.Tests.Alerting;

/// <summary>From an alert to its incident, and from an incident's timeline back to the alert.</summary>
public sealed class AlertIncidentLinkTests : AlertsTestBase
{
    public AlertIncidentLinkTests() => RenderInteractively();

    private IRenderedComponent<Console.Components.Pages.Alerts> RenderPage(string uri = "alerts")
    {
        Navigation.NavigateTo(uri);
        return Ctx.Render<Console.Components.Pages.Alerts>();
    }

    [Fact]
    public async Task An_alert_that_opened_an_incident_links_to_it_and_others_do_not()
    {
        var ach = AchLatency();
        var warning = Alert("Lat", "warning", "claims-api");
        Book.Upsert("rules", [ach, warning]);
        var opened = await Incidents.ObserveAlertAsync(ach);

        var page = RenderPage();

        var link = page.Find($"[data-fingerprint='{ach.Fingerprint}'] a[data-testid='alert-incident']");
        Assert.Equal($"Incident {opened!.Incident!.Id}", link.TextContent.Trim());
        Assert.Equal($"incidents/{opened.Incident.Id}", link.GetAttribute("href"));
        Assert.Empty(page.FindAll($"[data-fingerprint='{warning.Fingerprint}'] [data-testid='alert-incident']"));
    }

    [Fact]
    public async Task The_link_appears_while_the_page_is_open_when_the_alert_opens_an_incident()
    {
        var ach = AchLatency();
        Book.Upsert("rules", [ach]);
        var page = RenderPage();
        Assert.Empty(page.FindAll("[data-testid='alert-incident']"));

        await Incidents.ObserveAlertAsync(ach);

        page.WaitForAssertion(() => Assert.StartsWith("Incident INC-", page.Find("[data-testid='alert-incident']").TextContent.Trim(),
            StringComparison.Ordinal), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void The_alert_named_by_a_timeline_link_is_highlighted()
    {
        var ach = AchLatency();
        var other = Alert("Err", "critical", "api-gw");
        Book.Upsert("rules", [ach, other]);

        var page = RenderPage($"alerts?fingerprint={ach.Fingerprint}");

        Assert.Contains("alert-open", page.Find($"[data-fingerprint='{ach.Fingerprint}']").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("alert-open", page.Find($"[data-fingerprint='{other.Fingerprint}']").ClassName, StringComparison.Ordinal);
    }
}
