using HmsOps.Core.Incidents;
using HmsOps.Core.Tests.Changes;

namespace HmsOps.Core.Tests.Incidents;

public sealed class PostmortemGeneratorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_document_has_its_sections_in_order_and_the_whole_timeline_in_time_order()
    {
        var markdown = Generator().Render(Resolved(), Timeline(), Impact(), null, T0.AddHours(1));

        var headings = markdown.Split('\n').Where(l => l.StartsWith("#", StringComparison.Ordinal)).ToList();
        Assert.Equal(["# Postmortem: INC-2026-0001 — ACH latency", "## Summary", "## Impact", "## Timeline", "## Root cause", "## What went well",
            "## What went wrong", "## Action items"], headings);
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| 2026-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("| 2026-12-05 09:00:00 | alert | console | ACHLatencyHigh on ach-svc firing", rows[0]);
        Assert.Contains("([open](/deployments?change=chg-1))", rows[1]);
        Assert.Contains("pipe \\| inside", rows[2]);
        Assert.Contains("| Action | Owner | Due |", markdown);
        Assert.Contains("resolved after 20m 0s", markdown);
        Assert.Contains("Changes during the incident: chg-1 requested by engineer, last: ach-svc rollback requested.", markdown);
    }

    [Fact]
    public void Impact_gives_duration_requests_errors_and_budget_burn()
    {
        var markdown = Generator().Render(Resolved(), Timeline(), Impact(), null, T0.AddHours(1));

        Assert.Contains("- Duration: 20m 0s (2026-12-05 09:00:00 to 2026-12-05 09:20:00)", markdown);
        Assert.Contains("- Requests in the window: 12,000", markdown);
        Assert.Contains("- Errors (5xx) in the window: 600 (5.00% of requests)", markdown);
        Assert.Contains("- p95 latency over the window: 3100 ms", markdown);
        Assert.Contains("- Error budget burned (SLO 99.9% over 30d 0h): 50.00% of the budget", markdown);
    }

    [Fact]
    public void Budget_burn_is_errors_over_the_budget_of_the_slo_window_at_the_window_rate()
    {
        // 10 req/s for 20 minutes; a 30-day budget at 99.9 % is 0.001 × 10 × 2,592,000 = 25,920 errors.
        var burn = IncidentImpact.Burn(12_000, 2_592, TimeSpan.FromMinutes(20), 0.999, TimeSpan.FromDays(30));

        Assert.Equal(0.1, burn!.Value, 6);
        Assert.Null(IncidentImpact.Burn(0, 0, TimeSpan.FromMinutes(20), 0.999, TimeSpan.FromDays(30)));
    }

    [Fact]
    public void Without_metrics_the_impact_says_it_was_not_measured()
    {
        var markdown = Generator().Render(Resolved(), Timeline(), null, null, T0.AddHours(1));

        Assert.Contains("not measured", markdown);
    }

    [Fact]
    public void Regenerating_keeps_what_people_wrote_in_the_human_sections()
    {
        var generator = Generator();
        var first = generator.Render(Resolved(), Timeline(), Impact(), null, T0.AddHours(1));
        var edited = first.Replace("_To be written: what made this happen, and why it was possible._", "The connection pool was sized for v1.8.", StringComparison.Ordinal)
            .Replace("| | | |", "| Size the pool from load tests | engineer | 2026-12-20 |", StringComparison.Ordinal);
        var longer = Timeline().Append(new TimelineEntry(4, "INC-2026-0001", T0.AddMinutes(30), TimelineSource.Note, "lead1", "postmortem review held")).ToList();

        var regenerated = generator.Render(Resolved(), longer, Impact(), PostmortemSections.Extract(edited), T0.AddHours(2));

        Assert.Contains("The connection pool was sized for v1.8.", regenerated);
        Assert.Contains("| Size the pool from load tests | engineer | 2026-12-20 |", regenerated);
        Assert.Contains("postmortem review held", regenerated);
        Assert.DoesNotContain("To be written", regenerated);
    }

    [Fact]
    public async Task A_saved_postmortem_wins_over_the_generated_one_until_regenerated()
    {
        using var h = new IncidentHarness();
        var id = (await h.Service.OpenAsync(new IncidentDraft("ACH latency", "critical", ["ach-svc"]), People.Engineer)).Incident!.Id;

        var generated = await h.Service.GetPostmortemAsync(id);
        Assert.True(generated!.Generated);
        Assert.Equal(IncidentOutcome.Forbidden, (await h.Service.SavePostmortemAsync(id, "# mine", People.OnCall)).Outcome);
        Assert.Equal("markdown", (await h.Service.SavePostmortemAsync(id, " ", People.Engineer)).Field);

        var withCause = generated.Markdown.Replace("_To be written: what made this happen, and why it was possible._", "Pool too small.", StringComparison.Ordinal);
        Assert.True((await h.Service.SavePostmortemAsync(id, withCause, People.Engineer)).IsOk);
        await h.Service.AddNoteAsync(id, People.OnCall, "late note");
        var saved = await h.Service.GetPostmortemAsync(id);
        Assert.False(saved!.Generated);
        Assert.Equal("engineer", saved.UpdatedBy);
        Assert.DoesNotContain("late note", saved.Markdown);

        await h.Service.RegeneratePostmortemAsync(id, People.Lead1);
        var regenerated = await h.Service.GetPostmortemAsync(id);
        Assert.Contains("late note", regenerated!.Markdown);
        Assert.Contains("Pool too small.", regenerated.Markdown);
        Assert.Contains(IncidentAuditActions.PostmortemSaved, h.AuditActions());
    }

    private static PostmortemGenerator Generator() => new(new IncidentsOptions { SloTarget = 0.999, SloWindow = TimeSpan.FromDays(30) });

    private static Incident Resolved() => new()
    {
        Id = "INC-2026-0001",
        Title = "ACH latency",
        Severity = "critical",
        State = IncidentState.Resolved,
        Services = ["ach-svc"],
        OpenedAt = T0,
        OpenedBy = "alert:ACHLatencyHigh",
        AcknowledgedAt = T0.AddMinutes(2),
        AcknowledgedBy = "oncall",
        Commander = "oncall",
        MitigatedAt = T0.AddMinutes(15),
        ResolvedAt = T0.AddMinutes(20),
        ResolvedBy = "lead1",
        ChangeIds = ["chg-1"],
    };

    private static IncidentImpact Impact() => new(T0, T0.AddMinutes(20), 12_000, 600, 3.1, 0.5);

    private static List<TimelineEntry> Timeline() =>
    [
        // Deliberately out of order: the document orders by time, and the change (recorded last) happened second.
        new(2, "INC-2026-0001", T0.AddMinutes(20), TimelineSource.Note, "lead1", "a pipe | inside"),
        new(1, "INC-2026-0001", T0, TimelineSource.Alert, "console", "ACHLatencyHigh on ach-svc firing") { Link = "/alerts?fingerprint=abc" },
        new(3, "INC-2026-0001", T0.AddMinutes(10), TimelineSource.Change, "engineer", "ach-svc rollback requested") { Link = "/deployments?change=chg-1", Ref = "chg-1" },
    ];
}
