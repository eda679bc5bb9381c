using HmsOps.Core.Alerting;

namespace HmsOps.Core.Incidents;

/// <summary>
/// The incident state machine, pure: <c>(incident, command, now) → (incident, entries)</c>.
/// <list type="bullet">
/// <item>open → acknowledged → mitigated → resolved; steps may be skipped (a person may resolve an open incident).</item>
/// <item>Resolved is final: a command that would change it is refused, and an alert firing again opens a new incident.</item>
/// <item>Mitigated goes back when a linked alert fires again (the fix did not hold): to acknowledged when someone had
/// acknowledged it, otherwise to open; the mitigation time is cleared so the mitigate timer runs again.</item>
/// <item>The console mitigates an incident when its last active alert resolves; it never resolves one unless
/// <c>Incidents:AutoResolveAfter</c> is set (see <see cref="AutoResolveDue"/>).</item>
/// </list>
/// </summary>
public sealed class IncidentMachine(IncidentsOptions options)
{
    public const string ConsoleActor = "console";

    public static bool CanMove(IncidentState from, IncidentState to) => (from, to) switch
    {
        (IncidentState.Resolved, _) => false,
        (IncidentState.Mitigated, IncidentState.Open or IncidentState.Acknowledged) => true,
        _ => to > from,
    };

    /// <summary>A new incident (its id is the store's to give) and its first entry.</summary>
    public (Incident Incident, IReadOnlyList<TimelineEntry> Entries) Open(IncidentDraft draft, string openedBy, DateTimeOffset now)
    {
        var incident = new Incident
        {
            Id = "",
            Title = Trim(draft.Title, options.MaxTitleLength),
            Severity = draft.Severity.Trim().ToLowerInvariant(),
            State = IncidentState.Open,
            Commander = string.IsNullOrWhiteSpace(draft.Commander) ? null : draft.Commander.Trim(),
            Services = draft.Services.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Take(options.MaxServices).ToList(),
            GroupKey = draft.GroupKey,
            OpenedAt = now,
            OpenedBy = openedBy,
            AlertFingerprints = draft.AlertFingerprint is { } fp ? [fp] : [],
            ActiveAlerts = draft.AlertFingerprint is { } active ? [active] : [],
        };
        var services = incident.Services.Count == 0 ? "" : $" on {string.Join(", ", incident.Services)}";
        var entry = TimelineEntry.Draft("", now, TimelineSource.Incident, openedBy, $"Incident opened ({incident.Severity}){services}: {incident.Title}");
        return (incident, [entry]);
    }

    public IncidentDecision Apply(Incident incident, IncidentCommand command, DateTimeOffset now) => command switch
    {
        AcknowledgeIncident c => Acknowledge(incident, c, now),
        MitigateIncident c => Mitigate(incident, c.Actor, c.Reason, now),
        ResolveIncident c => Resolve(incident, c.Actor, c.Reason, now),
        SetCommander c => Commander(incident, c, now),
        AddNote c => Note(incident, c, now),
        ObserveAlert c => Observe(incident, c, now),
        LinkChange c => Link(incident, c, now),
        RecordEntry c => new IncidentDecision(incident, [Entry(incident, c.At ?? now, c.Source, c.Actor, c.Text, c.Link, c.Ref)]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown incident command"),
    };

    /// <summary>True when the console should resolve a mitigated incident now (only with <c>AutoResolveAfter</c> set).</summary>
    public bool AutoResolveDue(Incident incident, DateTimeOffset now) =>
        options.AutoResolveAfter is { } after && incident is { State: IncidentState.Mitigated, MitigatedAt: { } at } && now - at >= after;

    private IncidentDecision Acknowledge(Incident incident, AcknowledgeIncident c, DateTimeOffset now)
    {
        if (incident.IsResolved)
        {
            return Refuse(incident, $"{incident.Id} is resolved");
        }
        if (incident.AcknowledgedAt is not null)
        {
            // Acknowledging twice (two people, or the alert and the incident both) is no error and no news.
            return new IncidentDecision(incident, []);
        }
        var state = incident.State == IncidentState.Open ? IncidentState.Acknowledged : incident.State;
        var next = incident with { State = state, AcknowledgedAt = now, AcknowledgedBy = c.Actor, Commander = incident.Commander ?? c.Actor };
        var commander = incident.Commander is null ? $"; {c.Actor} is commander" : "";
        return new IncidentDecision(next, [Entry(incident, now, TimelineSource.Acknowledgement, c.Actor, $"Acknowledged by {c.Actor}{(c.Alert is null ? "" : $" (alert {c.Alert})")}{commander}")]);
    }

    private IncidentDecision Mitigate(Incident incident, string actor, string? reason, DateTimeOffset now)
    {
        if (incident.State is IncidentState.Resolved or IncidentState.Mitigated)
        {
            return Refuse(incident, $"{incident.Id} is already {incident.State.Text()}");
        }
        var next = incident with { State = IncidentState.Mitigated, MitigatedAt = now };
        var text = actor == ConsoleActor ? "Mitigated: every linked alert has resolved" : $"Marked mitigated by {actor}";
        return new IncidentDecision(next, [Entry(incident, now, TimelineSource.Incident, actor, WithReason(text, reason))]);
    }

    private static IncidentDecision Resolve(Incident incident, string actor, string? reason, DateTimeOffset now)
    {
        if (incident.IsResolved)
        {
            return Refuse(incident, $"{incident.Id} is already resolved");
        }
        var next = incident with { State = IncidentState.Resolved, ResolvedAt = now, ResolvedBy = actor };
        return new IncidentDecision(next, [Entry(incident, now, TimelineSource.Incident, actor, WithReason($"Resolved by {actor}", reason))]);
    }

    private static IncidentDecision Commander(Incident incident, SetCommander c, DateTimeOffset now)
    {
        if (incident.IsResolved)
        {
            return Refuse(incident, $"{incident.Id} is resolved");
        }
        var commander = string.IsNullOrWhiteSpace(c.Commander) ? null : c.Commander.Trim();
        if (commander == incident.Commander)
        {
            return new IncidentDecision(incident, []);
        }
        var text = commander is null ? $"{c.Actor} cleared the commander" : $"{commander} is commander (set by {c.Actor})";
        return new IncidentDecision(incident with { Commander = commander }, [Entry(incident, now, TimelineSource.Incident, c.Actor, text)]);
    }

    private IncidentDecision Note(Incident incident, AddNote c, DateTimeOffset now)
    {
        // Notes are allowed after resolution: people add what they learned while writing the postmortem.
        var text = Trim(c.Text, options.MaxNoteLength);
        return text.Length == 0
            ? Refuse(incident, "the note is empty")
            : new IncidentDecision(incident, [Entry(incident, now, TimelineSource.Note, c.Actor, text)]);
    }

    private IncidentDecision Observe(Incident incident, ObserveAlert c, DateTimeOffset now)
    {
        if (incident.IsResolved)
        {
            return Refuse(incident, $"{incident.Id} is resolved");
        }
        var linked = incident.AlertFingerprints.Contains(c.Fingerprint, StringComparer.Ordinal);
        var stateText = AlertStateText(c.State);
        if (linked && incident.AlertStates.TryGetValue(c.Fingerprint, out var seen) && seen == stateText)
        {
            return new IncidentDecision(incident, []);
        }
        var wasActive = incident.ActiveAlerts.Contains(c.Fingerprint, StringComparer.Ordinal);
        var isActive = c.State != AlertState.Inactive;
        var next = incident with
        {
            AlertFingerprints = linked ? incident.AlertFingerprints : [.. incident.AlertFingerprints, c.Fingerprint],
            ActiveAlerts = isActive
                ? (wasActive ? incident.ActiveAlerts : [.. incident.ActiveAlerts, c.Fingerprint])
                : incident.ActiveAlerts.Where(f => f != c.Fingerprint).ToList(),
            AlertNames = c.Name.Length == 0 || incident.AlertNames.Contains(c.Name, StringComparer.Ordinal) ? incident.AlertNames : [.. incident.AlertNames, c.Name],
            AlertStates = new Dictionary<string, string>(incident.AlertStates, StringComparer.Ordinal) { [c.Fingerprint] = stateText },
            Severity = isActive && c.Severity is { } severity ? IncidentSeverity.Worst(incident.Severity, severity.ToLowerInvariant()) : incident.Severity,
            Services = c.Service is { Length: > 0 } service && !incident.Services.Contains(service) && incident.Services.Count < options.MaxServices
                ? [.. incident.Services, service]
                : incident.Services,
        };
        var entries = new List<TimelineEntry>
        {
            Entry(incident, now, TimelineSource.Alert, ConsoleActor, AlertText(c, linked), $"/alerts?fingerprint={Uri.EscapeDataString(c.Fingerprint)}", c.Fingerprint),
        };
        if (c.State == AlertState.Firing && next.State == IncidentState.Mitigated)
        {
            var back = next.AcknowledgedAt is null ? IncidentState.Open : IncidentState.Acknowledged;
            next = next with { State = back, MitigatedAt = null };
            entries.Add(Entry(incident, now, TimelineSource.Incident, ConsoleActor, $"Reopened ({back.Text()}): {c.Name} is firing again"));
        }
        else if (!isActive && wasActive && next.ActiveAlerts.Count == 0 && next.State is IncidentState.Open or IncidentState.Acknowledged)
        {
            var mitigated = Mitigate(next, ConsoleActor, null, now);
            next = mitigated.State;
            entries.AddRange(mitigated.Entries);
        }
        return new IncidentDecision(next, entries);
    }

    private static IncidentDecision Link(Incident incident, LinkChange c, DateTimeOffset now)
    {
        var linked = incident.ChangeIds.Contains(c.ChangeId, StringComparer.Ordinal);
        var next = linked || incident.IsResolved ? incident : incident with { ChangeIds = [.. incident.ChangeIds, c.ChangeId] };
        return new IncidentDecision(next, [Entry(incident, c.At ?? now, TimelineSource.Change, c.Actor, c.Text,
            $"/deployments?change={Uri.EscapeDataString(c.ChangeId)}", c.ChangeId)]);
    }

    private static string AlertText(ObserveAlert c, bool linked)
    {
        var where = c.Service is { Length: > 0 } s ? $" on {s}" : "";
        var state = AlertStateText(c.State);
        var joined = linked ? "" : " (joined)";
        var summary = string.IsNullOrWhiteSpace(c.Summary) ? "" : $": {c.Summary}";
        return $"{c.Name}{where} {state}{joined}{summary}";
    }

    private static string AlertStateText(AlertState state) => state switch
    {
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        _ => "resolved",
    };

    private static TimelineEntry Entry(Incident incident, DateTimeOffset at, TimelineSource source, string actor, string text, string? link = null, string? reference = null) =>
        TimelineEntry.Draft(incident.Id, at, source, actor, text, link, reference);

    private static IncidentDecision Refuse(Incident incident, string why) => new(incident, [], why);

    private static string WithReason(string text, string? reason) => string.IsNullOrWhiteSpace(reason) ? text : $"{text}: {reason.Trim()}";

    private static string Trim(string text, int max)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= max ? trimmed : trimmed[..max];
    }
}
