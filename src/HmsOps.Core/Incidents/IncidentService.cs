using System.Text.Json;
using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using HmsOps.Core.Security;

namespace HmsOps.Core.Incidents;

/// <summary>
/// Incidents as the API, the page and the console's own watchers use them. Every write runs the pure
/// <see cref="IncidentMachine"/> under one lock and saves the incident with its new timeline entries in one
/// transaction, so "join the open incident of this group or open one" is decided once even when two alerts of one
/// outage fire in the same evaluation. People's actions are audited; the console's own (alert bookkeeping, collectors)
/// are on the timeline only. Roles are checked here as well as on the endpoints (the page calls this directly).
/// </summary>
public sealed partial class IncidentService
{
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    private readonly IIncidentStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly PostmortemGenerator _postmortems;
    private readonly Subscribers _subscribers = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private IReadOnlyList<Incident>? _unresolved;

    public IncidentService(IIncidentStore store, IncidentsOptions options, IAuditLog audit, TimeProvider time, PostmortemGenerator postmortems)
    {
        _store = store;
        Options = options;
        Machine = new IncidentMachine(options);
        _audit = audit;
        _time = time;
        _postmortems = postmortems;
    }

    public IncidentsOptions Options { get; }

    public IncidentMachine Machine { get; }

    /// <summary>Raised after a write is committed, with the incident and the entries it added (live timelines push these).</summary>
    public event Action<IncidentChanged>? Changed;

    /// <summary>Live pages: called (fire-and-forget) after any incident changes.</summary>
    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    public Task<Incident?> GetAsync(string id) => Task.FromResult(_store.Get(id));

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query) => Task.FromResult(_store.List(query));

    public Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string id, long afterSequence = 0, int limit = int.MaxValue) =>
        Task.FromResult(_store.Timeline(id, afterSequence, limit));

    /// <summary>The unresolved incidents (oldest first): what collectors watch.</summary>
    public IReadOnlyList<Incident> Unresolved() => _store.Unresolved();

    /// <summary>The incident an alert is linked to, newest first when it was in several (links from the Alerts page).</summary>
    public Incident? ForAlert(string fingerprint) => _store.LatestLinkedTo(fingerprint) is { } i && i.AlertFingerprints.Contains(fingerprint) ? i : null;

    /// <summary>The incident a change is linked to (links from the Deployments page).</summary>
    public Incident? ForChange(string changeId) => _store.LatestLinkedTo(changeId) is { } i && i.ChangeIds.Contains(changeId) ? i : null;

    /// <summary>Deletes resolved incidents past <c>Incidents:Retention</c> and past <c>Incidents:MaxIncidents</c>; returns how many.</summary>
    public int Prune() => _store.Prune(_time.GetUtcNow() - Options.Retention, Options.MaxIncidents);

    /// <summary>SLA timers of an incident at this moment.</summary>
    public IReadOnlyList<SlaTimer> Timers(Incident incident) => IncidentSla.At(incident, Options, _time.GetUtcNow());

    /// <summary>Opens an incident by hand (engineer or lead). Alerts never join it by themselves: it has no group key.</summary>
    public async Task<IncidentResult> OpenAsync(IncidentDraft draft, Actor actor)
    {
        if (!actor.HasAny(Role.Engineer, Role.Lead))
        {
            return IncidentResult.Forbidden($"{actor.Name} may not open incidents: it takes the engineer role");
        }
        if (Validate(draft) is { } invalid)
        {
            return invalid;
        }
        var result = await LockedAsync(() =>
        {
            var (opened, entries) = Machine.Open(draft with { GroupKey = null, AlertFingerprint = null }, actor.Name, _time.GetUtcNow());
            var (saved, stored) = _store.Insert(opened, entries);
            return (IncidentResult.Ok(saved), new IncidentChanged(saved.Id, saved, stored));
        }).ConfigureAwait(false);
        Audit(actor.Name, IncidentAuditActions.Opened, result.Incident!, new { result.Incident!.Title, result.Incident.Severity, result.Incident.Services });
        return result;
    }

    public Task<IncidentResult> AcknowledgeAsync(string id, Actor actor) =>
        PersonAsync(id, actor, Role.OnCall, new AcknowledgeIncident(actor.Name), IncidentAuditActions.Acknowledged, null);

    public Task<IncidentResult> MitigateAsync(string id, Actor actor, string? reason = null) =>
        PersonAsync(id, actor, Role.OnCall, new MitigateIncident(actor.Name, reason), IncidentAuditActions.Mitigated, reason);

    public Task<IncidentResult> ResolveAsync(string id, Actor actor, string? reason = null) =>
        PersonAsync(id, actor, Role.OnCall, new ResolveIncident(actor.Name, reason), IncidentAuditActions.Resolved, reason);

    public Task<IncidentResult> SetCommanderAsync(string id, Actor actor, string? commander) =>
        PersonAsync(id, actor, Role.OnCall, new SetCommander(actor.Name, commander), IncidentAuditActions.CommanderSet, commander);

    public Task<IncidentResult> AddNoteAsync(string id, Actor actor, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult(IncidentResult.Invalid("text", "write something in the note"));
        }
        if (text.Trim().Length > Options.MaxNoteLength)
        {
            return Task.FromResult(IncidentResult.Invalid("text", $"a note is at most {Options.MaxNoteLength} characters"));
        }
        return PersonAsync(id, actor, Role.OnCall, new AddNote(actor.Name, text), IncidentAuditActions.NoteAdded, text.Trim());
    }

    /// <summary>The console's own command on an incident (collectors, alert bookkeeping): on the timeline, not audited.</summary>
    public Task<IncidentResult> ApplyAsync(string id, IncidentCommand command) => LockedAsync(() => Decide(id, command));

    /// <summary>
    /// Appends what a collector saw. An entry already on the timeline (same source, reference and text) is skipped, so
    /// collectors may look at the same window on every tick and after a restart without writing anything twice.
    /// </summary>
    public Task<IncidentResult> RecordAsync(string id, IReadOnlyList<RecordEntry> entries) => LockedAsync(() =>
    {
        if (_store.Get(id) is not { } incident)
        {
            return (IncidentResult.NotFound(id), null);
        }
        var seen = _store.Timeline(id).Select(Key).ToHashSet();
        var now = _time.GetUtcNow();
        var fresh = entries
            .Select(e => Machine.Apply(incident, e, now).Entries[0])
            .Where(e => seen.Add(Key(e)))
            .OrderBy(e => e.At)
            .ToList();
        if (fresh.Count == 0)
        {
            return (IncidentResult.Ok(incident), null);
        }
        var stored = _store.Save(incident with { Revision = incident.Revision + 1 }, fresh);
        return (IncidentResult.Ok(incident), stored.Count == 0 ? null : new IncidentChanged(id, incident, stored));
    });

    // A log minute or a trace is one entry whatever its text says now (late logs and spans change the numbers).
    private static (TimelineSource, string?, string) Key(TimelineEntry e) =>
        (e.Source, e.Ref, e.Ref is not null && e.Source is TimelineSource.Logs or TimelineSource.Traces ? "" : e.Text);

    private async Task<IncidentResult> PersonAsync(string id, Actor actor, Role role, IncidentCommand command, string action, string? detail)
    {
        if (!actor.Has(role))
        {
            return IncidentResult.Forbidden($"{actor.Name} may not do that: it takes the {role.ToString().ToLowerInvariant()} role");
        }
        var result = await LockedAsync(() => Decide(id, command)).ConfigureAwait(false);
        if (result.IsOk)
        {
            Audit(actor.Name, action, result.Incident!, new { state = result.Incident!.State.Text(), detail });
        }
        return result;
    }

    private (IncidentResult, IncidentChanged?) Decide(string id, IncidentCommand command)
    {
        if (_store.Get(id) is not { } before)
        {
            return (IncidentResult.NotFound(id), null);
        }
        var decision = Machine.Apply(before, command, _time.GetUtcNow());
        if (decision.Refusal is { } refusal)
        {
            return (IncidentResult.Conflict(before, refusal), null);
        }
        if (!decision.Changed(before))
        {
            return (IncidentResult.Ok(before), null);
        }
        var after = decision.State with { Revision = before.Revision + 1 };
        var stored = _store.Save(after, decision.Entries);
        return (IncidentResult.Ok(after), new IncidentChanged(id, after, stored));
    }

    private async Task<IncidentResult> LockedAsync(Func<(IncidentResult Result, IncidentChanged? Change)> work)
    {
        IncidentResult result;
        IncidentChanged? change;
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            (result, change) = work();
            if (change is not null)
            {
                _unresolved = null;
            }
        }
        catch
        {
            _unresolved = null;
            throw;
        }
        finally
        {
            _write.Release();
        }
        if (change is not null)
        {
            Changed?.Invoke(change);
            _subscribers.Notify();
        }
        return result;
    }

    private IncidentResult? Validate(IncidentDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            return IncidentResult.Invalid("title", "give the incident a title");
        }
        if (draft.Title.Trim().Length > Options.MaxTitleLength)
        {
            return IncidentResult.Invalid("title", $"a title is at most {Options.MaxTitleLength} characters");
        }
        if (!IncidentSeverity.IsKnown(draft.Severity))
        {
            return IncidentResult.Invalid("severity", $"severity must be one of {string.Join(", ", IncidentSeverity.Known)}");
        }
        if (draft.Services.Count > Options.MaxServices)
        {
            return IncidentResult.Invalid("services", $"at most {Options.MaxServices} services");
        }
        return null;
    }

    private void Audit(string actor, string action, Incident incident, object detail) =>
        _audit.Append(new AuditDraft(actor, action, $"incident/{incident.Id}", JsonSerializer.Serialize(detail, AuditJson)));
}
