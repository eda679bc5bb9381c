namespace HmsOps.Core.Incidents;

/// <summary>Where a timeline entry came from; the page shows an icon per source and the postmortem names it.</summary>
public enum TimelineSource
{
    Incident,
    Alert,
    Notification,
    Acknowledgement,
    Silence,
    Change,
    Logs,
    Traces,
    Note,
}

/// <summary>
/// One line of an incident's story. <see cref="Sequence"/> is assigned by the store, rising per incident, so the order
/// is the order things were recorded even when two share a millisecond. <see cref="Link"/> is console-relative
/// (<c>/traces/{id}</c>, <c>/logs?service=..&amp;from=..&amp;to=..</c>, <c>/alerts?fingerprint=..</c>,
/// <c>/deployments?change=..</c>); <see cref="Ref"/> is the id behind it (trace id, change id, alert fingerprint), so an
/// archived item still opens by id after the telemetry has left the hot window.
/// </summary>
public sealed record TimelineEntry(long Sequence, string IncidentId, DateTimeOffset At, TimelineSource Source, string Actor, string Text)
{
    public string? Link { get; init; }

    public string? Ref { get; init; }

    /// <summary>A new entry for the store to number.</summary>
    public static TimelineEntry Draft(string incidentId, DateTimeOffset at, TimelineSource source, string actor, string text, string? link = null, string? reference = null) =>
        new(0, incidentId, at, source, actor, text) { Link = link, Ref = reference };
}

public static class TimelineSources
{
    public static string Text(this TimelineSource source) => source.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out TimelineSource source) =>
        Enum.TryParse(text, ignoreCase: true, out source) && Enum.IsDefined(source) && !int.TryParse(text, out _);

    /// <summary>Entries people or state changes made: kept even when the timeline is at its bound (collectors' are dropped).</summary>
    public static bool IsEssential(this TimelineSource source) =>
        source is TimelineSource.Incident or TimelineSource.Note or TimelineSource.Acknowledgement or TimelineSource.Change or TimelineSource.Alert;
}

/// <summary>Raised after entries are stored: the incident as it now is and what was added (possibly nothing, for a field change).</summary>
public sealed record IncidentChanged(string IncidentId, Incident Incident, IReadOnlyList<TimelineEntry> Entries);
