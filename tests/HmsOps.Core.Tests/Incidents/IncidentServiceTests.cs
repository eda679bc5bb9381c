using HmsOps.Core.Incidents;
using HmsOps.Core.Tests.Changes;
using HmsOps.Core.Incidents.Collection;

namespace HmsOps.Core.Tests.Incidents;

public sealed class IncidentServiceTests : IDisposable
{
    private readonly IncidentHarness _h = new();

    [Fact]
    public async Task Opening_by_hand_takes_the_engineer_role_names_the_field_at_fault_and_is_audited()
    {
        var forbidden = await _h.Service.OpenAsync(new IncidentDraft("Claims slow", "critical", ["claims-api"]), People.OnCall);
        var untitled = await _h.Service.OpenAsync(new IncidentDraft(" ", "critical", []), People.Engineer);
        var badSeverity = await _h.Service.OpenAsync(new IncidentDraft("Claims slow", "sev1", []), People.Engineer);
        var opened = await _h.Service.OpenAsync(new IncidentDraft("Claims slow", "warning", ["claims-api"]), People.Engineer);

        Assert.Equal(IncidentOutcome.Forbidden, forbidden.Outcome);
        Assert.Equal("title", untitled.Field);
        Assert.Equal("severity", badSeverity.Field);
        Assert.True(opened.IsOk);
        Assert.Equal("engineer", opened.Incident!.OpenedBy);
        Assert.Null(opened.Incident.GroupKey);
        Assert.Equal([IncidentAuditActions.Opened], _h.AuditActions());
    }

    [Fact]
    public async Task People_walk_an_incident_to_resolved_and_each_step_is_on_the_timeline_and_in_the_audit_log()
    {
        var id = await OpenAsync();
        Assert.Equal(IncidentOutcome.Forbidden, (await _h.Service.AcknowledgeAsync(id, People.Viewer)).Outcome);

        await _h.Service.AcknowledgeAsync(id, People.OnCall);
        await _h.Service.AddNoteAsync(id, People.OnCall, "pool exhausted on ach-db");
        await _h.Service.MitigateAsync(id, People.OnCall, "failed over");
        var resolved = await _h.Service.ResolveAsync(id, People.Lead1);
        var again = await _h.Service.ResolveAsync(id, People.Lead1);

        Assert.Equal(IncidentState.Resolved, resolved.Incident!.State);
        Assert.Equal(IncidentOutcome.Conflict, again.Outcome);
        var timeline = await _h.TimelineAsync(id);
        Assert.Equal([1, 2, 3, 4, 5], timeline.Select(e => (int)e.Sequence));
        Assert.Equal([TimelineSource.Incident, TimelineSource.Acknowledgement, TimelineSource.Note, TimelineSource.Incident, TimelineSource.Incident],
            timeline.Select(e => e.Source));
        Assert.Equal("Marked mitigated by oncall: failed over", timeline[3].Text);
        Assert.Equal([IncidentAuditActions.Opened, IncidentAuditActions.Acknowledged, IncidentAuditActions.NoteAdded, IncidentAuditActions.Mitigated,
            IncidentAuditActions.Resolved], _h.AuditActions());
    }

    [Fact]
    public async Task Collectors_may_report_the_same_thing_twice_and_it_is_written_once()
    {
        var id = await OpenAsync();
        RecordEntry[] spike = [new(TimelineSource.Logs, "console", "Error-log spike on ach-svc: 12 errors", "/logs?service=ach-svc", "logs:ach-svc:09:00")];

        await _h.Service.RecordAsync(id, spike);
        await _h.Service.RecordAsync(id, [spike[0] with { Text = "Error-log spike on ach-svc: 14 errors" }]);

        Assert.Single(await _h.TimelineAsync(id), e => e.Source == TimelineSource.Logs);
    }

    [Fact]
    public async Task At_the_timeline_bound_collectors_give_way_but_people_are_still_heard()
    {
        using var h = new IncidentHarness(new IncidentsOptions { MaxTimelineEntries = 10 });
        var id = (await h.Service.OpenAsync(new IncidentDraft("t", "critical", ["ach-svc"]), People.Engineer)).Incident!.Id;

        await h.Service.RecordAsync(id, Enumerable.Range(0, 20).Select(i => new RecordEntry(TimelineSource.Traces, "console", $"trace {i}", null, $"t{i}")).ToList());
        await h.Service.AddNoteAsync(id, People.OnCall, "still here");

        var timeline = await h.Service.TimelineAsync(id);
        Assert.Equal(11, timeline.Count);
        Assert.Equal("still here", timeline[^1].Text);
    }

    [Fact]
    public async Task Changes_on_an_impacted_service_are_linked_while_the_incident_is_unresolved()
    {
        var id = await OpenAsync();

        var linked = await _h.Service.LinkChangeAsync("ach-svc", "chg-1", "engineer", "ach-svc rollback v1.9.0 → v1.8.2 (chg-1): requested");
        var elsewhere = await _h.Service.LinkChangeAsync("claims-api", "chg-2", "engineer", "claims-api rollback");

        Assert.Equal([id], linked);
        Assert.Empty(elsewhere);
        Assert.Equal(id, _h.Service.ForChange("chg-1")!.Id);
        Assert.Null(_h.Service.ForChange("chg-2"));
        var entry = (await _h.TimelineAsync(id)).Single(e => e.Source == TimelineSource.Change);
        Assert.Equal("/deployments?change=chg-1", entry.Link);
        Assert.Equal("chg-1", entry.Ref);
    }

    [Fact]
    public async Task Lists_filter_by_state_severity_service_and_time()
    {
        var first = await OpenAsync("critical", "ach-svc");
        await _h.Service.ResolveAsync(first, People.Lead1);
        _h.Time.Advance(TimeSpan.FromHours(2));
        var second = await OpenAsync("warning", "claims-api");

        Assert.Equal([second, first], (await _h.Service.ListAsync(IncidentQuery.All)).Select(i => i.Id));
        Assert.Equal([first], (await _h.Service.ListAsync(new IncidentQuery { State = IncidentState.Resolved })).Select(i => i.Id));
        Assert.Equal([second], (await _h.Service.ListAsync(new IncidentQuery { Severity = "warning" })).Select(i => i.Id));
        Assert.Equal([first], (await _h.Service.ListAsync(new IncidentQuery { Service = "ach-svc" })).Select(i => i.Id));
        Assert.Empty(await _h.Service.ListAsync(new IncidentQuery { Service = "ach" }));
        Assert.Equal([second], (await _h.Service.ListAsync(new IncidentQuery { From = _h.Time.GetUtcNow().AddMinutes(-1) })).Select(i => i.Id));
        Assert.Equal([second], (await _h.Service.ListAsync(new IncidentQuery { Limit = 1 })).Select(i => i.Id));
    }

    [Fact]
    public async Task Pruning_keeps_unresolved_incidents_and_resolved_ones_within_the_retention()
    {
        using var h = new IncidentHarness(new IncidentsOptions { Retention = TimeSpan.FromDays(400), MaxIncidents = 2 });
        var old = (await h.Service.OpenAsync(new IncidentDraft("old", "critical", []), People.Engineer)).Incident!.Id;
        await h.Service.ResolveAsync(old, People.Lead1);
        var open = (await h.Service.OpenAsync(new IncidentDraft("open", "critical", []), People.Engineer)).Incident!.Id;
        h.Time.Advance(TimeSpan.FromDays(399));
        Assert.Equal(0, h.Service.Prune());

        h.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, h.Service.Prune());
        Assert.Null(await h.Service.GetAsync(old));
        Assert.NotNull(await h.Service.GetAsync(open));
        Assert.Empty(await h.Service.TimelineAsync(old));
    }

    [Fact]
    public async Task Ids_keep_counting_after_pruning_and_start_again_each_year()
    {
        using var h = new IncidentHarness(new IncidentsOptions { MaxIncidents = 1 });
        var first = (await h.Service.OpenAsync(new IncidentDraft("a", "critical", []), People.Engineer)).Incident!.Id;
        await h.Service.ResolveAsync(first, People.Lead1);
        var second = (await h.Service.OpenAsync(new IncidentDraft("b", "critical", []), People.Engineer)).Incident!.Id;
        await h.Service.ResolveAsync(second, People.Lead1);
        h.Service.Prune();
        var third = (await h.Service.OpenAsync(new IncidentDraft("c", "critical", []), People.Engineer)).Incident!.Id;
        h.Time.Advance(TimeSpan.FromDays(30));
        var nextYear = (await h.Service.OpenAsync(new IncidentDraft("d", "critical", []), People.Engineer)).Incident!.Id;

        Assert.Equal(["INC-2026-0001", "INC-2026-0002", "INC-2026-0003", "INC-2027-0001"], [first, second, third, nextYear]);
    }

    [Fact]
    public async Task The_changed_event_carries_the_new_entries_and_subscribers_are_called()
    {
        var id = await OpenAsync();
        var events = new List<IncidentChanged>();
        var calls = 0;
        _h.Service.Changed += events.Add;
        using var subscription = _h.Service.Subscribe(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        await _h.Service.AddNoteAsync(id, People.OnCall, "looking");

        var change = Assert.Single(events);
        Assert.Equal(id, change.IncidentId);
        Assert.Equal("looking", Assert.Single(change.Entries).Text);
        await TestSupport.Poll.UntilAsync(() => Volatile.Read(ref calls) == 1, "the subscriber was called");
    }

    public void Dispose() => _h.Dispose();

    private async Task<string> OpenAsync(string severity = "critical", string service = "ach-svc") =>
        (await _h.Service.OpenAsync(new IncidentDraft($"{service} trouble", severity, [service]), People.Engineer)).Incident!.Id;
}
