using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Alerting;
using HmsOps.Core.Incidents;

namespace HmsOps.Components.Tests.Incidents;

/// <summary>The postmortem tab: rendered Markdown (safely), live while generated, edited and saved by engineers, downloadable.</summary>
public sealed class PostmortemPanelTests : IncidentsTestBase
{
    private async Task<(Incident Incident, IRenderedComponent<IncidentPage> Page)> OpenPostmortemAsync()
    {
        var opened = await Incidents.ObserveAlertAsync(Alert("ACHLatencyHigh", "ach-svc", AlertState.Firing));
        var id = opened!.Incident!.Id;
        Navigation.NavigateTo($"incidents/{id}?tab=postmortem");
        var page = Ctx.Render<IncidentPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("article[aria-label='Postmortem document']"), Deadline);
        return (opened.Incident, page);
    }

    [Fact]
    public async Task The_generated_postmortem_is_rendered_with_its_timeline_and_a_download_link()
    {
        var (incident, page) = await OpenPostmortemAsync();

        var document = page.Find("article[aria-label='Postmortem document']");
        Assert.Equal($"Postmortem: {incident.Id} — ACHLatencyHigh on ach-svc", document.QuerySelector("h1")!.TextContent);
        var headings = document.QuerySelectorAll("h2").Select(h => h.TextContent).ToArray();
        Assert.Contains("Timeline", headings);
        Assert.Contains("Impact", headings);
        Assert.Contains(document.QuerySelectorAll("td"), td => td.TextContent.Contains("ACHLatencyHigh on ach-svc firing", StringComparison.Ordinal));
        Assert.Contains("nobody has edited it yet", page.Find("[data-testid='postmortem-status']").TextContent, StringComparison.Ordinal);
        var download = page.Find("a[data-testid='postmortem-download']");
        Assert.Equal($"api/incidents/{incident.Id}/postmortem.md", download.GetAttribute("href"));
        Assert.True(download.HasAttribute("download"));
    }

    [Fact]
    public async Task While_nobody_has_edited_it_a_new_timeline_entry_shows_up_in_it()
    {
        var (incident, page) = await OpenPostmortemAsync();

        await Incidents.AddNoteAsync(incident.Id, Engineer, "Rolled back to v1.8.2");

        await UntilAsync(page, () => Assert.Contains(page.FindAll("article[aria-label='Postmortem document'] td"),
            td => td.TextContent == "Rolled back to v1.8.2"));
    }

    [Fact]
    public async Task Html_in_a_note_is_shown_as_text_never_run()
    {
        var (incident, page) = await OpenPostmortemAsync();

        await Incidents.AddNoteAsync(incident.Id, Engineer, "<img src=x onerror=alert(1)> <script>alert(2)</script>");

        await UntilAsync(page, () => Assert.Contains("alert(2)", page.Find("article[aria-label='Postmortem document']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("article[aria-label='Postmortem document'] img, article[aria-label='Postmortem document'] script"));
    }

    [Fact]
    public async Task An_oncall_who_is_not_an_engineer_cannot_edit()
    {
        SignIn("olly", "viewer", "oncall");
        var (_, page) = await OpenPostmortemAsync();

        Assert.Empty(page.FindAll("button[aria-label='Edit postmortem']"));
    }

    [Fact]
    public async Task An_engineer_edits_and_saves_and_everyone_then_reads_that_version()
    {
        SignIn("engineer", "viewer", "oncall", "engineer");
        var (incident, page) = await OpenPostmortemAsync();

        page.Find("button[aria-label='Edit postmortem']").Click();
        var editor = page.Find("[data-field='postmortem']");
        Assert.StartsWith("# Postmortem: " + incident.Id, editor.GetAttribute("value") ?? editor.TextContent, StringComparison.Ordinal);
        editor.Input("# ACH latency, 6 December\n\n## Root cause\n\nv1.9.0 added a synchronous fraud check.");
        page.Find("[data-testid='postmortem-save']").Click();

        page.WaitForAssertion(() =>
        {
            var document = page.Find("article[aria-label='Postmortem document']");
            Assert.Equal("ACH latency, 6 December", document.QuerySelector("h1")!.TextContent);
            Assert.Contains("synchronous fraud check", document.TextContent, StringComparison.Ordinal);
            Assert.StartsWith("Edited by engineer", page.Find("[data-testid='postmortem-status']").TextContent.Trim(), StringComparison.Ordinal);
        }, Deadline);
        var saved = await Incidents.GetPostmortemAsync(incident.Id);
        Assert.Equal((false, "engineer"), (saved!.Generated, saved.UpdatedBy));
    }

    [Fact]
    public async Task Saving_an_empty_postmortem_is_refused_on_the_field_and_nothing_is_saved()
    {
        SignIn("engineer", "viewer", "oncall", "engineer");
        var (incident, page) = await OpenPostmortemAsync();

        page.Find("button[aria-label='Edit postmortem']").Click();
        page.Find("[data-field='postmortem']").Input("   ");
        page.Find("[data-testid='postmortem-save']").Click();

        page.WaitForAssertion(() => Assert.Contains("the postmortem is empty", page.Markup, StringComparison.Ordinal), Deadline);
        Assert.True((await Incidents.GetPostmortemAsync(incident.Id))!.Generated);
    }
}
