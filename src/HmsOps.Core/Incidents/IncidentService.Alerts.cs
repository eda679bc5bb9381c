using HmsOps.Core.Alerting;

namespace HmsOps.Core.Incidents;

public sealed partial class IncidentService
{
    /// <summary>
    /// What the alert watcher calls for each changed alert. An alert linked to an unresolved incident updates it (state
    /// entries, mitigation when the last one resolves, reopening when it fires again). An unlinked alert at
    /// <c>OpenAtSeverity</c> or worse that is firing joins the unresolved incident of its group, or opens one.
    /// Anything else is ignored (null).
    /// </summary>
    public async Task<IncidentResult?> ObserveAlertAsync(ConsoleAlert alert)
    {
        var result = await LockedAsync(() => Observe(alert)).ConfigureAwait(false);
        if (result.Outcome == IncidentOutcome.NotFound)
        {
            return null;
        }
        // Acknowledging the alert acknowledges its incident (and stops the acknowledge timer), as the person who did it.
        if (alert.Acknowledged is { } ack && result.Incident is { AcknowledgedAt: null, IsResolved: false } incident)
        {
            var acknowledged = await LockedAsync(() => Decide(incident.Id, new AcknowledgeIncident(ack.By) { Alert = alert.Name })).ConfigureAwait(false);
            return acknowledged.IsOk ? acknowledged with { Joined = result.Joined } : result;
        }
        return result;
    }

    /// <summary>
    /// A change transition: linked to (and written on) every unresolved incident that lists the service or already links
    /// the change. Returns the incidents it was written on.
    /// </summary>
    public async Task<IReadOnlyList<string>> LinkChangeAsync(string service, string changeId, string actor, string text, DateTimeOffset? at = null)
    {
        var linked = new List<string>();
        var watching = _store.Unresolved().Where(i => i.Services.Contains(service, StringComparer.Ordinal) || i.ChangeIds.Contains(changeId, StringComparer.Ordinal));
        foreach (var incident in watching)
        {
            var result = await ApplyAsync(incident.Id, new LinkChange(changeId, actor, text, at)).ConfigureAwait(false);
            if (result.IsOk)
            {
                linked.Add(incident.Id);
            }
        }
        return linked;
    }

    private (IncidentResult, IncidentChanged?) Observe(ConsoleAlert alert)
    {
        var key = IncidentGrouping.KeyOf(alert);
        // Every evaluation reports every alert whose value moved, so the common case (not linked, not opening) must not
        // touch the database: unresolved incidents are cached between writes, and all writes go through this service.
        var target = (_unresolved ??= _store.Unresolved()).FirstOrDefault(i => i.AlertFingerprints.Contains(alert.Fingerprint, StringComparer.Ordinal))
            ?? (alert.IsFiring && IncidentSeverity.AtLeast(alert.Severity, Options.OpenAtSeverity) ? _store.FindUnresolved(key) : null);
        if (target is not null)
        {
            var (result, change) = Decide(target.Id, ObserveAlert.From(alert));
            return (result with { Joined = !target.AlertFingerprints.Contains(alert.Fingerprint, StringComparer.Ordinal) }, change);
        }
        if (!alert.IsFiring || !IncidentSeverity.AtLeast(alert.Severity, Options.OpenAtSeverity))
        {
            return (IncidentResult.NotFound(alert.Fingerprint), null);
        }
        if (_store.LatestLinkedTo(alert.Fingerprint) is { ResolvedAt: { } resolved } && alert.ActiveAt <= resolved)
        {
            // A person resolved the incident while this occurrence still fires: it was dealt with, it is no new outage.
            return (IncidentResult.NotFound(alert.Fingerprint), null);
        }
        var now = _time.GetUtcNow();
        var summary = alert.Annotations.Get("summary");
        var title = string.IsNullOrWhiteSpace(summary) ? $"{alert.Name} on {alert.Service ?? "unknown service"}" : $"{alert.Name}: {summary}";
        var draft = new IncidentDraft(title, alert.Severity!.ToLowerInvariant(), alert.Service is { Length: > 0 } s ? [s] : [])
        {
            GroupKey = key,
            AlertFingerprint = alert.Fingerprint,
        };
        var (opened, entries) = Machine.Open(draft, $"alert:{alert.Name}", now);
        var firing = Machine.Apply(opened, ObserveAlert.From(alert), now);
        // The firing entry keeps the alert's own times: pending since ActiveAt, firing since FiredAt.
        var alertEntries = firing.Entries.Select(e => e with { At = alert.FiredAt ?? e.At }).ToList();
        var pending = alert.FiredAt is { } fired && alert.ActiveAt < fired
            ? [TimelineEntry.Draft("", alert.ActiveAt, TimelineSource.Alert, IncidentMachine.ConsoleActor,
                $"{alert.Name}{(alert.Service is { Length: > 0 } svc ? $" on {svc}" : "")} pending",
                alertEntries[0].Link, alert.Fingerprint)]
            : Array.Empty<TimelineEntry>();
        var (saved, stored) = _store.Insert(firing.State, [.. pending, .. alertEntries, .. entries]);
        return (IncidentResult.Ok(saved), new IncidentChanged(saved.Id, saved, stored));
    }
}
