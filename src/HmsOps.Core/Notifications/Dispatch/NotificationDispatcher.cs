using System.Collections.Concurrent;
using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications.Routing;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>
/// Alertmanager's dispatcher over the <see cref="AlertBook"/>: firing and resolved alerts (never pending) go into
/// aggregation groups per (route, group labels); <see cref="TickAsync"/> flushes the groups that are due through
/// <see cref="GroupFlush"/> and hands each notification to the outbox, recording it in the notification log only
/// once the outbox took it. A refused notification stays due and is tried again at the next tick.
/// </summary>
public sealed class NotificationDispatcher : IDisposable
{
    private readonly AlertBook _book;
    private readonly RoutingConfigurationSource _source;
    private RoutingConfiguration _config;
    private readonly IAlertSuppression _suppression;
    private readonly INotificationOutbox _outbox;
    private readonly INotificationLog _log;
    private readonly DispatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<IReadOnlyList<ConsoleAlert>> _changes = new();
    private readonly SemaphoreSlim _tickGate = new(1, 1);
    private readonly Dictionary<(string RouteKey, string GroupKey), AggregationGroup> _groups = [];

    public NotificationDispatcher(AlertBook book, RoutingConfigurationSource config, IAlertSuppression suppression, INotificationOutbox outbox,
        INotificationLog log, DispatchOptions options, TimeProvider time, ILogger<NotificationDispatcher> logger)
    {
        _book = book;
        _source = config;
        _config = config.Current;
        _suppression = suppression;
        _outbox = outbox;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger;
        _book.AlertsChanged += OnAlertsChanged;
        // Alerts already in the book (restored at start) are routed like new reports.
        _changes.Enqueue(_book.Snapshot());
    }

    /// <summary>The aggregation groups now, for tests and diagnostics.</summary>
    public IReadOnlyList<AggregationGroup> Groups
    {
        get
        {
            lock (_groups)
            {
                return _groups.Values.ToList();
            }
        }
    }

    public void Dispose() => _book.AlertsChanged -= OnAlertsChanged;

    /// <summary>Routes the changes reported since the last tick, then flushes every due group.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tickGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (!ReferenceEquals(_config, _source.Current))
            {
                // As Alertmanager on reload: groups start over from the book under the new tree; the notification
                // log keeps them from paging again for what was already notified.
                _config = _source.Current;
                lock (_groups)
                {
                    _groups.Clear();
                }
                _changes.Enqueue(_book.Snapshot());
            }
            while (_changes.TryDequeue(out var changed))
            {
                foreach (var alert in changed)
                {
                    Ingest(alert, now);
                }
            }
            ResolveVanished(now);
            var notified = new List<NotificationLogEntry>();
            try
            {
                foreach (var group in Groups.Where(g => g.NextFlushAt <= now))
                {
                    await FlushAsync(group, now, notified, cancellationToken);
                }
            }
            finally
            {
                // One log write per tick, after the outbox took the notifications: a crash in between re-sends
                // (at least once, deduplicated downstream) rather than never pages.
                _log.Record(notified);
            }
        }
        finally
        {
            _tickGate.Release();
        }
    }

    private void OnAlertsChanged(IReadOnlyList<ConsoleAlert> changed) => _changes.Enqueue(changed);

    private void Ingest(ConsoleAlert alert, DateTimeOffset now)
    {
        if (alert.State == AlertState.Pending
            || (!_options.RouteExternalAlerts && alert.Origin is AlertOrigin.Alertmanager or AlertOrigin.Prometheus))
        {
            return;
        }
        foreach (var route in _config.RoutesFor(alert))
        {
            var groupLabels = route.GroupLabels(alert.Labels);
            var id = (route.Key, route.GroupKey(groupLabels));
            lock (_groups)
            {
                var group = _groups.GetValueOrDefault(id);
                // A resolve only matters where someone heard the alert fire: in its group, or in the log (from before
                // a restart). Re-reports of an alert whose resolve went out already (an ack, a webhook re-send) are not news.
                if (!alert.IsFiring && group?.Alerts.ContainsKey(alert.Fingerprint) != true
                    && !WasNotifiedFiring(id.Item2, route.Receiver, alert.Fingerprint))
                {
                    continue;
                }
                _groups[id] = (group ?? AggregationGroup.Create(route, alert.Labels, now)).With(alert, now);
            }
        }
    }

    private bool WasNotifiedFiring(string groupKey, string receiver, string fingerprint) =>
        _log.Find(groupKey, receiver)?.Firing.Contains(fingerprint) == true;

    // An alert the book no longer has (its source dropped it without a resolve) is treated as resolved now,
    // so the receiver is not left with an incident that nothing will ever close.
    private void ResolveVanished(DateTimeOffset now)
    {
        lock (_groups)
        {
            foreach (var (id, group) in _groups.ToList())
            {
                var updated = group;
                foreach (var alert in group.Alerts.Values.Where(a => a.IsFiring && _book.Find(a.Fingerprint) is null))
                {
                    updated = updated.With(alert with { State = AlertState.Inactive, ResolvedAt = now, UpdatedAt = now }, now);
                }
                _groups[id] = updated;
            }
        }
    }

    private async Task FlushAsync(AggregationGroup group, DateTimeOffset now, List<NotificationLogEntry> notified,
        CancellationToken cancellationToken)
    {
        var muted = MutedAlerts(group);
        var result = GroupFlush.Decide(group, _log.Find(group.GroupKey, group.Receiver), muted,
            _config.Receiver(group.Receiver), _options.LogRetention, now);
        if (result.Notification is { } notification)
        {
            bool accepted;
            try
            {
                accepted = await _outbox.EnqueueAsync(notification, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "The outbox failed to take notification {Id} for {Receiver} (group {GroupKey}); retrying at the next tick",
                    notification.Id, notification.Receiver, notification.GroupKey);
                return;
            }
            if (!accepted)
            {
                _logger.LogError("The outbox is full: notification {Id} for {Receiver} (group {GroupKey}) waits for the next tick",
                    notification.Id, notification.Receiver, notification.GroupKey);
                return;
            }
            notified.Add(result.LogEntry!);
        }
        // Groups change only inside a tick, so nothing was reported while this flush ran.
        lock (_groups)
        {
            var id = (group.Route.Key, group.GroupKey);
            if (result.Group is null)
            {
                _groups.Remove(id);
            }
            else
            {
                _groups[id] = result.Group;
            }
        }
    }

    // SecurityEvent alerts are never muted: the SOC hears about them whatever anyone silenced or inhibited.
    private HashSet<string> MutedAlerts(AggregationGroup group) => group.Alerts.Values
        .Where(a => a.Name != AlertSuppression.SecurityEventAlertName && _suppression.For(a).IsSuppressed)
        .Select(a => a.Fingerprint)
        .ToHashSet(StringComparer.Ordinal);
}
