namespace HmsOps.Core.Incidents.Collection;

/// <summary>What a collector looks at: one incident, its timeline so far (to respect the bounds), and the time.</summary>
public sealed record CollectionContext(Incident Incident, IReadOnlyList<TimelineEntry> Timeline, DateTimeOffset Now)
{
    /// <summary>The incident's window: from a little before it opened (the alert was pending) to its end, or now.</summary>
    public DateTimeOffset From => Incident.OpenedAt - Lead;

    public DateTimeOffset To => Incident.ResolvedAt is { } resolved && resolved < Now ? resolved : Now;

    /// <summary>How far before the opening collectors look: an alert's <c>for</c> delays the incident after the trouble began.</summary>
    public static TimeSpan Lead { get; } = TimeSpan.FromMinutes(5);

    public int Count(TimelineSource source) => Timeline.Count(e => e.Source == source);
}

/// <summary>
/// One source of timeline entries found by looking (the outbox, silences, logs, traces), as opposed to events pushed by
/// <see cref="IncidentEventWriter"/>. Collectors may return what they returned before: the service skips repeats.
/// </summary>
public interface ITimelineCollector
{
    Task<IReadOnlyList<RecordEntry>> CollectAsync(CollectionContext context, CancellationToken cancellationToken);
}
