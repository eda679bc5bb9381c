using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Notifications;

public enum NotificationStatus
{
    Firing,
    Resolved,
}

/// <summary>
/// One flush of one alert group to one receiver, as the dispatcher decides it (Alertmanager's semantics:
/// group_wait, group_interval, repeat_interval). The outbox turns it into one delivery per integration.
/// </summary>
/// <param name="Id">Unique and stable for this flush (the outbox ignores a second enqueue of the same id).</param>
/// <param name="GroupKey">Alertmanager's group key, e.g. <c>{}/{severity="critical"}:{alertname="ACHLatencyHigh"}</c>.</param>
/// <param name="Status">Firing when any alert in <see cref="Alerts"/> is firing, else resolved.</param>
/// <param name="Alerts">The group's firing and resolved alerts at the flush.</param>
public sealed record Notification(
    string Id,
    string Receiver,
    string GroupKey,
    LabelSet GroupLabels,
    NotificationStatus Status,
    IReadOnlyList<ConsoleAlert> Alerts,
    DateTimeOffset CreatedAt)
{
    /// <summary>Labels every alert of the group shares.</summary>
    public LabelSet CommonLabels => Common(Alerts.Select(a => a.Labels));

    /// <summary>Annotations every alert of the group shares.</summary>
    public LabelSet CommonAnnotations => Common(Alerts.Select(a => a.Annotations));

    private static LabelSet Common(IEnumerable<LabelSet> sets)
    {
        LabelSet? common = null;
        foreach (var set in sets)
        {
            common = common is null
                ? set
                : LabelSet.From(common.Pairs.Where(p => set.Get(p.Key) == p.Value));
        }
        return common ?? LabelSet.Empty;
    }
}

/// <summary>
/// Where the dispatcher hands notifications: persisted before <see cref="EnqueueAsync"/> completes, then sent
/// with retries. Enqueueing an id that is already there does nothing (so a dispatcher retry cannot page twice).
/// </summary>
public interface INotificationOutbox
{
    /// <returns>False when the outbox is full (<see cref="OutboxOptions.MaxPending"/>); the caller logs it and retries later.</returns>
    Task<bool> EnqueueAsync(Notification notification, CancellationToken cancellationToken);
}
