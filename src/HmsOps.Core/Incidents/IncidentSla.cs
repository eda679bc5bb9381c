namespace HmsOps.Core.Incidents;

/// <summary>
/// One SLA timer at a moment: how long it has run, how long is left of its target (negative once breached), and whether
/// it has stopped (the acknowledgement or mitigation happened at <see cref="StoppedAt"/>).
/// </summary>
public sealed record SlaTimer(string Name, TimeSpan Target, TimeSpan Elapsed, DateTimeOffset? StoppedAt)
{
    public const string Acknowledge = "acknowledge";
    public const string Mitigate = "mitigate";

    public TimeSpan Remaining => Target - Elapsed;

    public bool Breached => Elapsed > Target;

    public bool Running => StoppedAt is null;
}

/// <summary>The incident's timers (time to acknowledge, time to mitigate) at time <c>t</c>: pure, so the page re-asks each second.</summary>
public static class IncidentSla
{
    public static IReadOnlyList<SlaTimer> At(Incident incident, IncidentsOptions options, DateTimeOffset now) =>
    [
        Timer(SlaTimer.Acknowledge, options.AcknowledgeTarget, incident.OpenedAt, incident.AcknowledgedAt ?? StopOnResolve(incident), now),
        Timer(SlaTimer.Mitigate, options.MitigateTarget, incident.OpenedAt, incident.MitigatedAt ?? StopOnResolve(incident), now),
    ];

    // A resolved incident's clocks stop at resolution, whatever was skipped on the way (resolving straight from open).
    private static DateTimeOffset? StopOnResolve(Incident incident) => incident.ResolvedAt;

    private static SlaTimer Timer(string name, TimeSpan target, DateTimeOffset start, DateTimeOffset? stop, DateTimeOffset now)
    {
        var end = stop ?? now;
        var elapsed = end < start ? TimeSpan.Zero : end - start;
        return new SlaTimer(name, target, elapsed, stop);
    }
}
