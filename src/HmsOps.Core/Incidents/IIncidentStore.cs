namespace HmsOps.Core.Incidents;

/// <summary>
/// Incidents, their timelines and postmortems (<c>incidents.db</c> in the console). Not part of the telemetry hot
/// window: kept for <c>Incidents:Retention</c>, at most <c>Incidents:MaxIncidents</c>, resolved ones pruned first.
/// Callers serialize writes (the <see cref="IncidentService"/> does); reads may run at any time.
/// </summary>
public interface IIncidentStore
{
    Incident? Get(string id);

    /// <summary>The unresolved incident with this group key, if any (the join rule; survives a restart since it is a query).</summary>
    Incident? FindUnresolved(string groupKey);

    /// <summary>Every unresolved incident, oldest first (collectors watch their services).</summary>
    IReadOnlyList<Incident> Unresolved();

    IReadOnlyList<Incident> List(IncidentQuery query);

    /// <summary>The newest incident linked to this alert fingerprint or change id (links from the Alerts and Deployments pages).</summary>
    Incident? LatestLinkedTo(string reference);

    /// <summary>Stores a new incident and its first entries; assigns the id (INC-yyyy-nnnn from its OpenedAt year) and sequences.</summary>
    (Incident Incident, IReadOnlyList<TimelineEntry> Entries) Insert(Incident incident, IReadOnlyList<TimelineEntry> entries);

    /// <summary>
    /// Saves a new version of an incident and appends entries in one transaction. Entries past
    /// <c>Incidents:MaxTimelineEntries</c> that are not essential (see <see cref="TimelineSources.IsEssential"/>) are dropped.
    /// Returns the entries actually stored, numbered.
    /// </summary>
    IReadOnlyList<TimelineEntry> Save(Incident incident, IReadOnlyList<TimelineEntry> entries);

    /// <summary>The timeline in order, entries after <paramref name="afterSequence"/>, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<TimelineEntry> Timeline(string incidentId, long afterSequence = 0, int limit = int.MaxValue);

    PostmortemDocument? Postmortem(string incidentId);

    void SavePostmortem(PostmortemDocument document);

    /// <summary>Deletes resolved incidents resolved before <paramref name="resolvedBefore"/>, then the oldest resolved past <paramref name="maxIncidents"/>; returns how many.</summary>
    int Prune(DateTimeOffset resolvedBefore, int maxIncidents);
}
