using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>
/// One aggregation group: the alerts of one route with the same group labels. <see cref="NextFlushAt"/> is
/// group_wait after creation (at once for alerts already older than that), then group_interval after each flush.
/// </summary>
public sealed record AggregationGroup(
    RouteNode Route,
    string GroupKey,
    LabelSet GroupLabels,
    ImmutableSortedDictionary<string, ConsoleAlert> Alerts,
    DateTimeOffset NextFlushAt,
    bool HasFlushed)
{
    public string Receiver => Route.Receiver;

    public static AggregationGroup Create(RouteNode route, LabelSet alertLabels, DateTimeOffset now)
    {
        var groupLabels = route.GroupLabels(alertLabels);
        return new AggregationGroup(route, route.GroupKey(groupLabels), groupLabels,
            ImmutableSortedDictionary.Create<string, ConsoleAlert>(StringComparer.Ordinal), now + route.Timings.GroupWait, false);
    }

    /// <summary>Adds or updates an alert. As Alertmanager: a group that has not flushed yet flushes at once
    /// when the alert started more than group_wait ago (e.g. alerts restored after a restart).</summary>
    public AggregationGroup With(ConsoleAlert alert, DateTimeOffset now)
    {
        var next = NextFlushAt;
        if (!HasFlushed && alert.IsFiring && (alert.FiredAt ?? alert.ActiveAt) + Route.Timings.GroupWait < now && now < next)
        {
            next = now;
        }
        return this with { Alerts = Alerts.SetItem(alert.Fingerprint, alert), NextFlushAt = next };
    }
}

/// <summary>What one flush decided: at most one notification, the log entry to record with it, and the group after.</summary>
/// <param name="Group">The group after the flush; null when only resolved alerts were left and it is removed.</param>
public sealed record FlushResult(Notification? Notification, NotificationLogEntry? LogEntry, AggregationGroup? Group);

/// <summary>
/// Alertmanager's flush decision, pure. Muted alerts are left out; with nothing left nothing is sent. Otherwise a
/// notification goes out when the log has no entry and something fires, when a firing alert was not in the last
/// notification, when every alert resolved after some were notified firing, when a resolve was not notified yet (if
/// the receiver sends resolved), or when repeat_interval has passed. Resolved alerts leave the group after the flush.
/// </summary>
public static class GroupFlush
{
    public static FlushResult Decide(AggregationGroup group, NotificationLogEntry? last, IReadOnlySet<string> muted,
        ReceiverInfo receiver, TimeSpan logRetention, DateTimeOffset now)
    {
        if (now < group.NextFlushAt)
        {
            return new FlushResult(null, null, group);
        }
        var visible = group.Alerts.Values.Where(a => !muted.Contains(a.Fingerprint)).ToList();
        var firing = visible.Where(a => a.IsFiring).Select(a => a.Fingerprint).ToList();
        var resolved = visible.Where(a => a.IsResolved).Select(a => a.Fingerprint).ToList();
        Notification? notification = null;
        NotificationLogEntry? entry = null;
        if (receiver.HasIntegrations && visible.Count > 0 && NeedsUpdate(last, firing, resolved, receiver.SendsResolved, group.Route.Timings.RepeatInterval, now))
        {
            notification = new Notification(
                NotificationId(group, firing, resolved), group.Receiver, group.GroupKey, group.GroupLabels,
                firing.Count > 0 ? NotificationStatus.Firing : NotificationStatus.Resolved, visible, now);
            entry = new NotificationLogEntry(group.GroupKey, group.Receiver, firing, resolved, now, now + logRetention);
        }
        var remaining = group.Alerts.RemoveRange(group.Alerts.Values.Where(a => a.IsResolved).Select(a => a.Fingerprint));
        var after = remaining.IsEmpty
            ? null
            : group with { Alerts = remaining, NextFlushAt = now + group.Route.Timings.GroupInterval, HasFlushed = true };
        return new FlushResult(notification, entry, after);
    }

    /// <summary>Alertmanager's DedupStage.needsUpdate.</summary>
    public static bool NeedsUpdate(NotificationLogEntry? last, IReadOnlyList<string> firing, IReadOnlyList<string> resolved,
        bool sendResolved, TimeSpan repeatInterval, DateTimeOffset now)
    {
        if (last is null)
        {
            return firing.Count > 0;
        }
        if (!firing.All(last.Firing.Contains))
        {
            return true;
        }
        if (firing.Count == 0)
        {
            // Every alert resolved: tell the receiver if it was told any fired (irrespective of send_resolved,
            // so the log's firing set is cleared); alerts that fired and resolved unseen are not news to it.
            return last.Firing.Count > 0;
        }
        if (sendResolved && !resolved.All(last.Resolved.Contains))
        {
            return true;
        }
        return last.NotifiedAt < now - repeatInterval;
    }

    // Stable for one scheduled flush of one content, so retrying a refused enqueue reuses the id.
    private static string NotificationId(AggregationGroup group, IReadOnlyList<string> firing, IReadOnlyList<string> resolved)
    {
        var text = $"{group.Receiver}\n{group.GroupKey}\n{group.NextFlushAt.ToUnixTimeMilliseconds()}\n{string.Join(",", firing)}\n{string.Join(",", resolved)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
