namespace HmsOps.Core.Incidents;

/// <summary>
/// One incident as the machine, the store and the API see it. Immutable: the machine returns a new record with each
/// decision. <see cref="Id"/> reads "INC-2026-0001": numbered per year in order of opening, so people can say it aloud.
/// </summary>
public sealed record Incident
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>"critical", "warning", "info" (see <see cref="IncidentSeverity"/>); the worst of the alerts joined to it.</summary>
    public required string Severity { get; init; }

    public required IncidentState State { get; init; }

    /// <summary>The person running the response; null until someone takes it (acknowledging makes you commander if there is none).</summary>
    public string? Commander { get; init; }

    /// <summary>The impacted services, in the order they joined; collectors watch their logs, traces and changes.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>
    /// What alerts join on: <c>service/alertname</c> of the alert that opened it (see <see cref="IncidentGrouping"/>);
    /// null for an incident opened by hand, which alerts never join by themselves.
    /// </summary>
    public string? GroupKey { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>"alert:ACHLatencyHigh" when an alert opened it, otherwise the person's name.</summary>
    public required string OpenedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? MitigatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolvedBy { get; init; }

    /// <summary>Fingerprints of every alert joined to it, first one first.</summary>
    public IReadOnlyList<string> AlertFingerprints { get; init; } = [];

    /// <summary>The alert names among them (notifications are matched to the incident by name).</summary>
    public IReadOnlyList<string> AlertNames { get; init; } = [];

    /// <summary>The alerts among <see cref="AlertFingerprints"/> still firing or pending (mitigated when this empties).</summary>
    public IReadOnlyList<string> ActiveAlerts { get; init; } = [];

    /// <summary>
    /// The last state seen of each linked alert ("pending", "firing", "resolved"): a report that repeats it (every
    /// evaluation, or all alerts again after a restart) adds nothing to the timeline.
    /// </summary>
    public IReadOnlyDictionary<string, string> AlertStates { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Change requests on impacted services while it was open (rollbacks, canaries).</summary>
    public IReadOnlyList<string> ChangeIds { get; init; } = [];

    /// <summary>The store's optimistic guard; bumped on each save.</summary>
    public int Revision { get; init; }

    public bool IsResolved => State == IncidentState.Resolved;

    /// <summary>The end of the incident's window: resolution, or mitigation while unresolved, or null while it runs.</summary>
    public DateTimeOffset? EndedAt => ResolvedAt ?? MitigatedAt;
}

/// <summary>What a person (or an alert) asks to open.</summary>
public sealed record IncidentDraft(string Title, string Severity, IReadOnlyList<string> Services)
{
    public string? GroupKey { get; init; }

    public string? AlertFingerprint { get; init; }

    public string? Commander { get; init; }
}
