using Bunit;
using HmsOps.Console.Components.Incidents;
using HmsOps.Core.Alerting;
using HmsOps.Core.Incidents;
using MudBlazor;
using IncidentsPage = HmsOps.Console.Components.Pages.Incidents;

namespace HmsOps.Components.Tests.Incidents;

/// <summary>The Incidents list: rows, filters from the URL, SLA clocks, live arrivals and opening by hand.</summary>
public sealed class IncidentsPageTests : IncidentsTestBase
{
    private IRenderedComponent<IncidentsPage> RenderPage(string uri = "incidents")
    {
        Navigation.NavigateTo(uri);
        return Ctx.Render<IncidentsPage>();
    }

    private static string[] ShownIds(IRenderedComponent<IncidentsPage> page) =>
        page.FindAll("[data-testid='incident-row']").Select(r => r.GetAttribute("data-incident-id")!).ToArray();

    [Fact]
    public async Task Each_row_shows_title_severity_state_services_commander_and_running_sla_clocks()
    {
        var opened = await OpenAsync("Claims uploads fail", "warning", "claims-api", "api-gw");

        var page = RenderPage();

        var row = page.Find($"[data-incident-id='{opened.Id}']");
        Assert.Contains("Claims uploads fail", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("warning", row.QuerySelector("[data-testid='incident-severity']")!.TextContent.Trim());
        Assert.Equal("open", row.QuerySelector("[data-testid='incident-state']")!.TextContent.Trim());
        Assert.Equal("claims-api, api-gw", row.QuerySelector("[data-testid='incident-services']")!.TextContent.Trim());
        Assert.Equal("—", row.QuerySelector("[data-testid='incident-commander']")!.TextContent.Trim());
        Assert.Equal("incidents/" + opened.Id, row.QuerySelector("a[data-testid='incident-link']")!.GetAttribute("href"));
        Assert.Equal("ack 0:00 of 5:00", row.QuerySelector("[data-testid='sla-acknowledge']")!.TextContent.Trim());
        Assert.Equal("mitigate 0:00 of 30:00", row.QuerySelector("[data-testid='sla-mitigate']")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_clocks_tick_and_the_acknowledge_clock_turns_red_once_its_target_passes()
    {
        var opened = await OpenAsync("ACH slow", "critical", "ach-svc");
        var page = RenderPage();

        Time.Advance(TimeSpan.FromSeconds(65));
        await UntilAsync(page, () => Assert.Equal("ack 1:05 of 5:00", page.Find("[data-testid='sla-acknowledge']").TextContent.Trim()));
        Assert.Equal("false", page.Find("[data-testid='sla-acknowledge']").GetAttribute("data-breached"));

        Time.Advance(TimeSpan.FromMinutes(5));
        await UntilAsync(page, () => Assert.Equal("true", page.Find("[data-testid='sla-acknowledge']").GetAttribute("data-breached")));
        var ack = page.Find("[data-testid='sla-acknowledge']");
        Assert.Contains("breached", ack.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", ack.ClassName, StringComparison.Ordinal);
        Assert.Equal("false", page.Find("[data-testid='sla-mitigate']").GetAttribute("data-breached"));
        Assert.Single(ShownIds(page), opened.Id);
    }

    [Fact]
    public async Task The_url_query_narrows_by_state_severity_service_and_time()
    {
        var old = await OpenAsync("Old gateway outage", "critical", "api-gw");
        await Incidents.ResolveAsync(old.Id, Engineer);
        Time.Advance(TimeSpan.FromDays(2));
        var ach = await OpenAsync("ACH slow", "critical", "ach-svc");
        var claims = await OpenAsync("Claims warnings", "warning", "claims-api");

        Assert.Equal([claims.Id, ach.Id, old.Id], ShownIds(RenderPage()));
        Assert.Equal([claims.Id, ach.Id], ShownIds(RenderPage("incidents?state=open")));
        Assert.Equal([old.Id], ShownIds(RenderPage("incidents?state=resolved")));
        Assert.Equal([ach.Id, old.Id], ShownIds(RenderPage("incidents?severity=critical")));
        Assert.Equal([claims.Id], ShownIds(RenderPage("incidents?service=claims-api")));
        Assert.Equal([claims.Id, ach.Id], ShownIds(RenderPage("incidents?range=24h")));
        Assert.Equal([ach.Id], ShownIds(RenderPage("incidents?range=24h&severity=critical&state=open&service=ach-svc")));
        var none = RenderPage("incidents?service=ach-svc&state=resolved");
        Assert.Contains("No incident matches these filters", none.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_round_trip_through_the_url_and_unknown_values_are_ignored()
    {
        var filter = new IncidentFilter { State = IncidentState.Mitigated, Severity = "critical", Service = "ach-svc", Range = "7d" };
        var query = filter.ToQuery();
        Assert.Equal(filter, IncidentFilter.FromQuery(k => query[k]));
        Assert.Equal(IncidentFilter.All, IncidentFilter.FromQuery(k => k switch
        {
            IncidentFilter.StateKey => "closed",
            IncidentFilter.SeverityKey => "sev1",
            IncidentFilter.RangeKey => "3 weeks",
            _ => " ",
        }));
        Assert.All(IncidentFilter.All.ToQuery().Values, Assert.Null);
    }

    [Fact]
    public async Task Choosing_a_state_puts_it_in_the_url()
    {
        await OpenAsync("ACH slow", "critical", "ach-svc");
        var page = RenderPage();

        var state = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "State");
        await page.InvokeAsync(() => state.Instance.ValueChanged.InvokeAsync("mitigated"));

        page.WaitForAssertion(() => Assert.EndsWith("incidents?state=mitigated", Navigation.Uri, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public async Task An_incident_opened_by_a_firing_critical_alert_appears_while_the_page_is_open()
    {
        var page = RenderPage();
        Assert.Contains("No incidents yet", page.Markup, StringComparison.Ordinal);

        await Incidents.ObserveAlertAsync(Alert("ACHLatencyHigh", "ach-svc", AlertState.Firing));

        await UntilAsync(page, () =>
        {
            var row = page.Find("[data-testid='incident-row']");
            Assert.Contains("ACHLatencyHigh on ach-svc", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("ach-svc", row.QuerySelector("[data-testid='incident-services']")!.TextContent.Trim());
        });
    }

    [Fact]
    public void A_viewer_and_an_oncall_see_no_open_button()
    {
        SignIn("olly", "viewer", "oncall");
        var page = RenderPage();

        Assert.Empty(page.FindAll("button[aria-label='Open an incident']"));
    }

    [Fact]
    public async Task An_engineer_opens_one_by_hand_and_lands_on_it()
    {
        SignIn("engineer", "viewer", "oncall", "engineer");
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("button[aria-label='Open an incident']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='open-incident']"), Deadline);
        dialogs.Find("[data-testid='open-incident']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("give the incident a title", dialogs.Markup, StringComparison.Ordinal), Deadline);
        Assert.Empty(await Incidents.ListAsync(IncidentQuery.All));

        dialogs.Find("[data-field='title']").Input("Uploads stuck for one agency");
        dialogs.Find("[data-field='services']").Input("claims-api, api-gw");
        dialogs.Find("[data-testid='open-incident']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='open-incident']")), Deadline);
        var incident = Assert.Single(await Incidents.ListAsync(IncidentQuery.All));
        Assert.Equal(("Uploads stuck for one agency", "critical", "engineer"), (incident.Title, incident.Severity, incident.OpenedBy));
        Assert.Equal(["claims-api", "api-gw"], incident.Services);
        Assert.EndsWith("incidents/" + incident.Id, Navigation.Uri, StringComparison.Ordinal);
    }
}
