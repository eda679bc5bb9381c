namespace HmsOps.Core.Alerting.External;

/// <summary>
/// Merges a report from Alertmanager's webhook or a Prometheus poll with what the book already holds for the same
/// fingerprint. The two paths see one alert occurrence differently (Prometheus's <c>activeAt</c> is when it went
/// pending, Alertmanager's <c>startsAt</c> when it fired; only the poll has a value), and they arrive in any order,
/// so "latest report wins" alone would flap. Instead:
/// <list type="bullet">
/// <item>Reports of one occurrence combine: the earliest activeAt and firing time, the last known value.</item>
/// <item>A firing alert never goes back to pending within one occurrence; a pending report that started after the
/// current alert fired is a new occurrence (its resolution was missed).</item>
/// <item>Once resolved, only a report that became active after the resolution (a new occurrence) brings the alert
/// back: a stale poll or a late re-send still listing the old occurrence is ignored — unless the poll keeps listing
/// it (<see cref="ExternalAlertIntake"/> counts), which means Prometheus holds it active and the resolution was wrong.</item>
/// <item>A resolution for an occurrence older than the current one is ignored.</item>
/// </list>
/// Pure: returns the alert to store, or null when the report changes nothing (stale or a repeat).
/// </summary>
public static class ExternalAlertMerge
{
    public static ConsoleAlert? Merge(ConsoleAlert? current, ConsoleAlert reported)
    {
        if (current is null)
        {
            return reported;
        }
        if (current.IsResolved)
        {
            var resolvedAt = current.ResolvedAt ?? current.UpdatedAt;
            // Only a later occurrence counts; anything that was active before the resolution is old news.
            return reported.ActiveAt > resolvedAt ? reported with { Acknowledged = null } : null;
        }
        if (reported.IsResolved)
        {
            return reported.ResolvedAt is { } at && at < current.ActiveAt
                ? null // the end of an earlier occurrence, arriving late
                : current with
                {
                    State = AlertState.Inactive,
                    ResolvedAt = reported.ResolvedAt ?? reported.UpdatedAt,
                    UpdatedAt = reported.UpdatedAt,
                    Annotations = reported.Annotations,
                    Origin = reported.Origin,
                    Source = reported.Source,
                    GeneratorUrl = reported.GeneratorUrl ?? current.GeneratorUrl,
                };
        }
        if (reported.State == AlertState.Pending && current.IsFiring
            && reported.ActiveAt > (current.FiredAt ?? current.ActiveAt))
        {
            return reported; // the old occurrence ended unseen and a new one is pending
        }
        return Combine(current, reported);
    }

    /// <summary>Two reports of one occurrence: the earliest start and firing time, the latest value and details.</summary>
    private static ConsoleAlert Combine(ConsoleAlert current, ConsoleAlert reported) =>
        current with
        {
            State = current.IsFiring || reported.IsFiring ? AlertState.Firing : AlertState.Pending,
            ActiveAt = Earliest(current.ActiveAt, reported.ActiveAt),
            FiredAt = EarliestFiring(current.FiredAt, reported.FiredAt),
            Value = reported.Value ?? current.Value,
            Annotations = reported.Annotations,
            UpdatedAt = reported.UpdatedAt,
            Origin = reported.Origin,
            Source = reported.Source,
            GeneratorUrl = reported.GeneratorUrl ?? current.GeneratorUrl,
        };

    /// <summary>
    /// True when a poll taken after the alert's resolution still lists that same occurrence as active: stale once,
    /// but Prometheus's own view when it keeps saying so (<see cref="ExternalAlertIntake.PollsToOverruleResolution"/>).
    /// </summary>
    public static bool ContradictsResolution(ConsoleAlert? current, ConsoleAlert reported) =>
        current is { IsResolved: true } && !reported.IsResolved && reported.Origin == AlertOrigin.Prometheus
        && reported.UpdatedAt > (current.ResolvedAt ?? current.UpdatedAt);

    /// <summary>The resolved alert active again as the poll lists it: the same occurrence, so its acknowledgement stays.</summary>
    public static ConsoleAlert Revive(ConsoleAlert current, ConsoleAlert reported) =>
        Combine(current with { State = AlertState.Pending, ResolvedAt = null }, reported);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset? EarliestFiring(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : Earliest(a.Value, b.Value);
}
