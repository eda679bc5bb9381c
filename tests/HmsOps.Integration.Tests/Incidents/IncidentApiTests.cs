using System.Net;
using System.Net.Http.Json;
using System.Text;
using HmsOps.Integration.Tests.Changes;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Incidents.IncidentHttp;

namespace HmsOps.Integration.Tests.Incidents;

/// <summary>The incident API on a running console: open by hand, respond, notes, postmortem export and edit, refusals as problem+json.</summary>
public sealed class IncidentApiTests
{
    [Fact]
    public async Task An_incident_opened_by_hand_is_walked_to_resolved_and_its_postmortem_exported_and_edited()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await console.StartAndWaitUntilReadyAsync();
        using var engineer = await ChangeApiTests.BearerAsync(console, TestUsers.Engineer);
        using var oncall = await ChangeApiTests.BearerAsync(console, TestUsers.OnCall);

        using var opened = await engineer.PostAsJsonAsync("/api/incidents", new { title = "Claims API returning 502s", severity = "critical", services = new[] { "claims-api" } });
        var incident = await JsonAsync(opened, HttpStatusCode.Created);
        var id = incident.GetProperty("id").GetString()!;
        Assert.Matches("^INC-\\d{4}-0001$", id);
        Assert.Equal("open", incident.GetProperty("state").GetString());
        var ackTimer = incident.GetProperty("sla").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "acknowledge");
        Assert.True(ackTimer.GetProperty("running").GetBoolean());
        Assert.Equal(300, ackTimer.GetProperty("targetSeconds").GetDouble());

        using var acked = await oncall.PostAsync($"/api/incidents/{id}/acknowledge", null);
        Assert.Equal("acknowledged", (await JsonAsync(acked)).GetProperty("state").GetString());
        using var note = await oncall.PostAsJsonAsync($"/api/incidents/{id}/notes", new { text = "upstream gateway pool exhausted" });
        await JsonAsync(note, HttpStatusCode.Created);
        using var mitigated = await oncall.PostAsJsonAsync($"/api/incidents/{id}/mitigate", new { reason = "pool raised to 200" });
        await JsonAsync(mitigated);
        using var resolved = await oncall.PostAsync($"/api/incidents/{id}/resolve", null);
        Assert.Equal("resolved", (await JsonAsync(resolved)).GetProperty("state").GetString());

        var detail = await GetAsync(oncall, $"/api/incidents/{id}");
        Assert.Equal(["incident", "acknowledgement", "note", "incident", "incident"], Timeline(detail).Select(e => e.GetProperty("source").GetString()));
        Assert.Equal("upstream gateway pool exhausted", Timeline(detail)[2].GetProperty("text").GetString());
        Assert.Equal(TestUsers.OnCall, detail.GetProperty("incident").GetProperty("commander").GetString());

        using var export = await oncall.GetAsync($"/api/incidents/{id}/postmortem.md");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/markdown", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}-postmortem.md", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var markdown = await export.Content.ReadAsStringAsync();
        Assert.Contains("## Timeline", markdown, StringComparison.Ordinal);
        Assert.Contains("upstream gateway pool exhausted", markdown, StringComparison.Ordinal);
        Assert.Contains("## Action items", markdown, StringComparison.Ordinal);

        // Saving an edit takes the engineer role; what is saved is what everyone reads afterwards.
        var edited = markdown.Replace("_To be written: what made this happen, and why it was possible._", "The gateway pool was sized for last year's load.", StringComparison.Ordinal);
        using var refused = await oncall.PutAsJsonAsync($"/api/incidents/{id}/postmortem", new { markdown = edited });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var saved = await engineer.PutAsync($"/api/incidents/{id}/postmortem", new StringContent(edited, Encoding.UTF8, "text/markdown"));
        Assert.Equal(TestUsers.Engineer, (await JsonAsync(saved)).GetProperty("updatedBy").GetString());
        Assert.Contains("sized for last year's load", await oncall.GetStringAsync($"/api/incidents/{id}/postmortem.md"), StringComparison.Ordinal);

        var list = await GetAsync(oncall, "/api/incidents?state=resolved&severity=critical&service=claims-api");
        Assert.Equal([id], IncidentList(list).Select(i => i.GetProperty("id").GetString()));
        Assert.Empty(IncidentList(await GetAsync(oncall, "/api/incidents?state=open")));
    }

    [Fact]
    public async Task Bad_requests_name_the_field_and_unknown_incidents_are_problem_404s()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await console.StartAndWaitUntilReadyAsync();
        using var lead = console.CreateClient(withApiKey: false);

        foreach (var (query, field) in new[] { ("state=sleeping", "state"), ("severity=sev1", "severity"), ("limit=0", "limit"), ("limit=abc", "limit"),
            ("from=yesterday", "from"), ("from=2026-12-06T00:00:00Z&to=2026-12-05T00:00:00Z", "to") })
        {
            using var response = await lead.GetAsync($"/api/incidents?{query}");
            Assert.Equal(field, await FieldAsync(response, HttpStatusCode.BadRequest));
        }
        using var untitled = await lead.PostAsJsonAsync("/api/incidents", new { severity = "critical" });
        Assert.Equal("title", await FieldAsync(untitled, HttpStatusCode.BadRequest));
        using var badSeverity = await lead.PostAsJsonAsync("/api/incidents", new { title = "x", severity = "sev1" });
        Assert.Equal("severity", await FieldAsync(badSeverity, HttpStatusCode.BadRequest));
        using var missing = await lead.GetAsync("/api/incidents/INC-1999-0001");
        Assert.Equal("id", await FieldAsync(missing, HttpStatusCode.NotFound));
        using var missingExport = await lead.GetAsync("/api/incidents/INC-1999-0001/postmortem.md");
        Assert.Equal("id", await FieldAsync(missingExport, HttpStatusCode.NotFound));
        using var emptyNote = await lead.PostAsJsonAsync("/api/incidents/INC-1999-0001/notes", new { text = " " });
        Assert.Equal("text", await FieldAsync(emptyNote, HttpStatusCode.BadRequest));
    }
}
