using Bunit;
using HmsOps.Core.Changes;
using HmsOps.Core.Incidents;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using DeploymentsPage = HmsOps.Console.Components.Pages.Deployments;

namespace HmsOps.Components.Tests.Pages;

/// <summary>From a change to the incident it was linked to, and from an incident's timeline back to the change.</summary>
public sealed partial class DeploymentsPageTests
{
    [Fact]
    public async Task A_change_linked_to_an_incident_links_to_it_and_the_row_named_by_a_timeline_link_is_marked()
    {
        var incident = (await Incidents.OpenAsync(new IncidentDraft("ACH slow", "critical", ["ach-svc"]), Engineer)).Incident!;
        var requested = await Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s since v1.9.0"), Engineer);
        var id = requested.Change!.Id;
        await Incidents.ApplyAsync(incident.Id, new LinkChange(id, "engineer", "engineer requested rollback of ach-svc"));

        RenderInteractively();
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"deployments?change={id}");
        var page = Ctx.Render<DeploymentsPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-change-id='{id}']");
            var link = row.QuerySelector("[data-testid='change-incident'] a")!;
            Assert.Equal($"Incident {incident.Id}", link.TextContent.Trim());
            Assert.Equal($"incidents/{incident.Id}", link.GetAttribute("href"));
            Assert.Equal("true", row.GetAttribute("aria-current"));
        }, Deadline);
    }
}
