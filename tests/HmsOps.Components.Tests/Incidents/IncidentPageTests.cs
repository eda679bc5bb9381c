using AngleSharp.Dom;
using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Alerting;
using HmsOps.Core.Incidents;

namespace HmsOps.Components.Tests.Incidents;

/// <summary>One incident's page: header, links, the live timeline, role-guarded actions, notes.</summary>
public sealed class IncidentPageTests : IncidentsTestBase
{
    private IRenderedComponent<IncidentPage> RenderPage(string id, string? tab = null)
    {
        Navigation.NavigateTo($"incidents/{id}{(tab is null ? "" : "?tab=" + tab)}");
        return Ctx.Render<IncidentPage>(p => p.Add(x => x.Id, id));
    }

    private static IReadOnlyList<IElement> Entries(IRenderedComponent<IncidentPage> page) =>
        page.FindAll("ol[aria-label='Timeline'] > li[data-testid='timeline-entry']");

    private static IElement? Button(IRenderedComponent<IncidentPage> page, string text) =>
        page.FindAll("button").FirstOrDefault(b => b.TextContent.Trim() == text);

    /// <summary>An incident opened by a firing ACHLatencyHigh, with a rollback, a slow trace and a logs spike on its timeline.</summary>
    private async Task<Incident> OutageAsync()
    {
        var opened = await Incidents.ObserveAlertAsync(Alert("ACHLatencyHigh", "ach-svc", AlertState.Firing));
        var id = opened!.Incident!.Id;
        Time.Advance(TimeSpan.FromSeconds(10));
        await Incidents.ApplyAsync(id, new RecordEntry(TimelineSource.Logs, "console", "ach-svc: 42 error logs in 02:10 (baseline 1/min)",
            "/logs?service=ach-svc&from=2026-03-02T12:00:00Z&to=2026-03-02T12:01:00Z", null));
        await Incidents.ApplyAsync(id, new RecordEntry(TimelineSource.Traces, "console", "Slowest ach-svc trace: POST /ach/submit 3.2 s",
            "/traces/4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736"));
        await Incidents.ApplyAsync(id, new LinkChange("CHG-0001", "engineer", "engineer requested rollback of ach-svc v1.9.0 → v1.8.2"));
        return (await Incidents.GetAsync(id))!;
    }

    [Fact]
    public async Task The_header_shows_state_severity_commander_services_and_the_sla_clocks()
    {
        var incident = await OutageAsync();

        var page = RenderPage(incident.Id);

        Assert.Equal($"{incident.Id}: ACHLatencyHigh on ach-svc", page.Find("h1").TextContent.Trim());
        Assert.Equal("open", page.Find("[data-testid='incident-state']").TextContent.Trim());
        Assert.Equal("critical", page.Find("[data-testid='incident-severity']").TextContent.Trim());
        Assert.Equal("none yet", page.Find("[data-testid='incident-commander']").TextContent.Trim());
        Assert.Equal("ach-svc", page.Find("[data-testid='incident-services']").TextContent.Trim());
        Assert.Equal("Time to acknowledge: 0:10 of 5:00", page.Find("[data-testid='sla-acknowledge']").TextContent.Trim());
    }

    [Fact]
    public async Task The_timeline_lists_each_entry_in_order_with_time_source_actor_text_and_a_link_to_the_evidence()
    {
        var incident = await OutageAsync();

        var page = RenderPage(incident.Id);

        var entries = Entries(page);
        Assert.Equal(["alert", "alert", "incident", "logs", "traces", "change"], entries.Select(e => e.GetAttribute("data-source")));
        // Pending since the alert's ActiveAt, firing since its FiredAt: the alert's own times, before the incident opened.
        Assert.Equal("ACHLatencyHigh on ach-svc pending", entries[0].QuerySelector("[data-testid='timeline-text']")!.TextContent);
        Assert.Equal("11:59:30", entries[0].QuerySelector(".timeline-time")!.TextContent);
        Assert.Equal("ACHLatencyHigh on ach-svc firing", entries[1].QuerySelector("[data-testid='timeline-text']")!.TextContent);
        Assert.Equal("12:00:00", entries[1].QuerySelector(".timeline-time")!.TextContent);
        Assert.Equal("console", entries[1].QuerySelector("[data-testid='timeline-actor']")!.TextContent);
        Assert.Equal("alerts?fingerprint=" + incident.AlertFingerprints[0], entries[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("12:00:10", entries[3].QuerySelector(".timeline-time")!.TextContent);
        Assert.StartsWith("logs?service=ach-svc&from=", entries[3].QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("Open logs", entries[3].QuerySelector("a")!.TextContent.Trim());
        Assert.Equal("Open waterfall", entries[4].QuerySelector("a")!.TextContent.Trim());
        Assert.Equal("traces/4bf92f3577b34da6a3ce929d0e0e4736", entries[4].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("engineer", entries[5].QuerySelector("[data-testid='timeline-actor']")!.TextContent);
        Assert.Equal("deployments?change=CHG-0001", entries[5].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Linked_alerts_changes_and_traces_link_to_their_pages()
    {
        var incident = await OutageAsync();

        var page = RenderPage(incident.Id);

        var alert = page.Find("[data-testid='linked-alert']");
        Assert.Contains("ACHLatencyHigh on ach-svc firing", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("active", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("alerts?fingerprint=" + incident.AlertFingerprints[0], alert.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("deployments?change=CHG-0001", page.Find("[data-testid='linked-change'] a").GetAttribute("href"));
        Assert.Equal("traces/4bf92f3577b34da6a3ce929d0e0e4736", page.Find("[data-testid='linked-trace'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Entries_stored_while_the_page_is_open_appear_in_order_and_the_state_follows_the_alert()
    {
        var incident = await OutageAsync();
        var page = RenderPage(incident.Id);

        await Incidents.ObserveAlertAsync(Alert("ACHLatencyHigh", "ach-svc", AlertState.Inactive));

        await UntilAsync(page, () =>
        {
            Assert.Equal("mitigated", page.Find("[data-testid='incident-state']").TextContent.Trim());
            var texts = Entries(page).Select(e => e.QuerySelector("[data-testid='timeline-text']")!.TextContent).ToArray();
            Assert.Equal(8, texts.Length);
            Assert.Equal("ACHLatencyHigh on ach-svc resolved", texts[6]);
            Assert.Equal("Mitigated: every linked alert has resolved", texts[7]);
        });
        Assert.DoesNotContain("active", page.Find("[data-testid='linked-alert']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_recorded_late_about_an_earlier_moment_takes_its_place_in_time()
    {
        var incident = await OutageAsync();
        var page = RenderPage(incident.Id);
        var openedAt = incident.OpenedAt;

        // A collector finds, after the fact, a failing trace that began before the incident opened.
        await Incidents.ApplyAsync(incident.Id, new RecordEntry(TimelineSource.Traces, "console", "Failing trace on ach-svc: 503 after 9 s",
            "/traces/0af7651916cd43dd8448eb211c80319c", "0af7651916cd43dd8448eb211c80319c", openedAt.AddSeconds(-20)));

        await UntilAsync(page, () => Assert.Equal(7, Entries(page).Count));
        Assert.Equal(["alert", "traces", "alert", "incident", "logs", "traces", "change"], Entries(page).Select(e => e.GetAttribute("data-source")));
        Assert.Equal("11:59:40", Entries(page)[1].QuerySelector(".timeline-time")!.TextContent);
    }

    [Fact]
    public async Task A_viewer_sees_no_actions_and_no_note_box()
    {
        var incident = await OutageAsync();

        var page = RenderPage(incident.Id);

        Assert.Empty(page.FindAll("[aria-label='Incident actions']"));
        Assert.Empty(page.FindAll("[aria-label='Add a note']"));
        Assert.NotNull(page.Find("[aria-label='Read-only']"));
        Assert.Null(Button(page, "Acknowledge"));
    }

    [Fact]
    public async Task An_oncall_acknowledges_becomes_commander_and_the_clock_stops()
    {
        var incident = await OutageAsync();
        SignIn("olly", "viewer", "oncall");
        var page = RenderPage(incident.Id);

        Button(page, "Acknowledge")!.Click();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("acknowledged", page.Find("[data-testid='incident-state']").TextContent.Trim());
            Assert.Equal("olly", page.Find("[data-testid='incident-commander']").TextContent.Trim());
            Assert.StartsWith("Time to acknowledge: done in 0:10", page.Find("[data-testid='sla-acknowledge']").TextContent.Trim(), StringComparison.Ordinal);
            Assert.Null(Button(page, "Acknowledge"));
        }, Deadline);
        Assert.Contains(Desk.Audit.Entries, e => e.Actor == "olly" && e.Action == IncidentAuditActions.Acknowledged);
    }

    [Fact]
    public async Task An_oncall_names_a_commander_marks_mitigated_and_resolves_and_the_actions_go_away()
    {
        var incident = await OutageAsync();
        SignIn("olly", "viewer", "oncall");
        var page = RenderPage(incident.Id);

        page.Find("[data-field='commander']").Input("lead1");
        Button(page, "Set commander")!.Click();
        page.WaitForAssertion(() => Assert.Equal("lead1", page.Find("[data-testid='incident-commander']").TextContent.Trim()), Deadline);

        Button(page, "Mark mitigated")!.Click();
        page.WaitForAssertion(() => Assert.Equal("mitigated", page.Find("[data-testid='incident-state']").TextContent.Trim()), Deadline);
        Assert.Null(Button(page, "Mark mitigated"));

        Button(page, "Resolve")!.Click();
        page.WaitForAssertion(() => Assert.Equal("resolved", page.Find("[data-testid='incident-state']").TextContent.Trim()), Deadline);
        Assert.Empty(page.FindAll("[aria-label='Incident actions']"));
        Assert.Equal("Resolved by olly", Entries(page)[^1].QuerySelector("[data-testid='timeline-text']")!.TextContent);
    }

    [Fact]
    public async Task A_note_is_added_as_the_signed_in_person_and_an_empty_one_cannot_be_sent()
    {
        var incident = await OutageAsync();
        SignIn("olly", "viewer", "oncall");
        var page = RenderPage(incident.Id);
        Assert.True(Button(page, "Add note")!.HasAttribute("disabled"));

        page.Find("[data-field='note']").Input("Paged payments; v1.9.0 went out at 11:40");
        Button(page, "Add note")!.Click();

        page.WaitForAssertion(() =>
        {
            var last = Entries(page)[^1];
            Assert.Equal("note", last.GetAttribute("data-source"));
            Assert.Equal("olly", last.QuerySelector("[data-testid='timeline-actor']")!.TextContent);
            Assert.Equal("Paged payments; v1.9.0 went out at 11:40", last.QuerySelector("[data-testid='timeline-text']")!.TextContent);
        }, Deadline);
        Assert.Equal("", page.Find("[data-field='note']").GetAttribute("value") ?? "");
    }

    [Fact]
    public void An_unknown_id_says_so()
    {
        var page = RenderPage("INC-2026-9999");

        Assert.Equal("Incident not found", page.Find("h1").TextContent.Trim());
        Assert.Contains("No incident with id 'INC-2026-9999'", page.Find("[role='alert']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tabs_are_timeline_and_postmortem_and_the_query_opens_the_postmortem_first()
    {
        var incident = await OutageAsync();

        var page = RenderPage(incident.Id, tab: "postmortem");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("article[aria-label='Postmortem document']")), Deadline);
        Assert.Empty(Entries(page));
        Assert.Equal(["Timeline", "Postmortem"], page.FindAll("[role='tab']").Select(t => t.TextContent.Trim()));
    }
}
