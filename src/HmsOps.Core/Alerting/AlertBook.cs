namespace HmsOps.Core.Alerting;

/// <summary>
/// Every alert the console knows, from every source, merged by fingerprint: what the Alerts page, the app bar,
/// the notification dispatcher and incidents read. Sources report into a named scope (a rule group, the
/// Alertmanager webhook, a Prometheus poller); when several report one fingerprint, the latest report wins.
/// Thread-safe; readers get immutable snapshots.
/// </summary>
public sealed class AlertBook
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly AlertBookOptions _options;
    private readonly IAcknowledgementStore? _acknowledgements;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Subscribers _subscribers = new();
    private IReadOnlyList<ConsoleAlert> _snapshot = [];
    private long _dropped;

    public AlertBook(TimeProvider time, AlertBookOptions options, IAcknowledgementStore? acknowledgements = null)
    {
        _time = time;
        _options = options;
        _acknowledgements = acknowledgements;
        foreach (var stored in acknowledgements?.LoadAll() ?? [])
        {
            _restoredAcks[stored.Fingerprint] = stored;
        }
    }

    // Acknowledgements loaded at start whose alert has not been reported again yet (a restart re-reports it).
    private readonly Dictionary<string, StoredAcknowledgement> _restoredAcks = new(StringComparer.Ordinal);

    /// <summary>Raised after every change with the alerts that are new or changed (state, value, annotations, ack).</summary>
    public event Action<IReadOnlyList<ConsoleAlert>>? AlertsChanged;

    /// <summary>Bumped on every change.</summary>
    public long Version { get; private set; }

    /// <summary>Alerts refused because the book was full of active alerts.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>All alerts (active and recently resolved), ordered by fingerprint.</summary>
    public IReadOnlyList<ConsoleAlert> Snapshot() => _snapshot;

    public ConsoleAlert? Find(string fingerprint)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(fingerprint, out var entry) ? entry.Current : null;
        }
    }

    /// <summary>The number the app bar shows everywhere: firing alerts with <c>severity="critical"</c>.</summary>
    public int FiringCriticalCount => _snapshot.Count(a => a.IsFiring && a.Severity == "critical");

    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    /// <summary>
    /// The scope's alerts become exactly <paramref name="alerts"/>: they are added or updated, and alerts this
    /// scope reported before but not now are forgotten by it (and dropped when no other scope reports them).
    /// The rule evaluator calls this after each group evaluation, resolved alerts included while it keeps them.
    /// </summary>
    public void ReplaceScope(string scope, IReadOnlyList<ConsoleAlert> alerts) => Apply(scope, alerts, replace: true);

    /// <summary>Adds or updates alerts in the scope, leaving the scope's other alerts as they are (webhooks).</summary>
    public void Upsert(string scope, IReadOnlyList<ConsoleAlert> alerts) => Apply(scope, alerts, replace: false);

    /// <summary>Records who acknowledged the alert's current occurrence; false when there is no such alert.</summary>
    public bool Acknowledge(string fingerprint, string by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ConsoleAlert changed;
        lock (_gate)
        {
            if (!_entries.TryGetValue(fingerprint, out var entry))
            {
                return false;
            }
            var ack = new AlertAcknowledgement(by.Trim(), _time.GetUtcNow());
            entry.Current = entry.Current with { Acknowledged = ack };
            _acknowledgements?.Save(new StoredAcknowledgement(fingerprint, entry.Current.ActiveAt, ack));
            changed = entry.Current;
            Publish();
        }
        Raise([changed]);
        return true;
    }

    /// <summary>Drops resolved alerts older than the retention; the evaluator and pollers call it on their tick.</summary>
    public void Prune()
    {
        lock (_gate)
        {
            if (RemoveExpired(_time.GetUtcNow()) == 0)
            {
                return; // nothing changed: viewers are not woken for nothing
            }
            Publish();
        }
        _subscribers.Notify();
    }

    private void Apply(string scope, IReadOnlyList<ConsoleAlert> alerts, bool replace)
    {
        var changed = new List<ConsoleAlert>();
        var removed = false;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alert in alerts)
            {
                reported.Add(alert.Fingerprint);
                if (Store(scope, alert, now) is { } stored)
                {
                    changed.Add(stored);
                }
            }
            if (replace)
            {
                foreach (var (fingerprint, entry) in _entries.Where(e => e.Value.Scopes.Contains(scope)).ToList())
                {
                    if (reported.Contains(fingerprint))
                    {
                        continue;
                    }
                    entry.Scopes.Remove(scope);
                    if (entry.Scopes.Count == 0)
                    {
                        _entries.Remove(fingerprint);
                        removed = true;
                    }
                }
            }
            removed |= RemoveExpired(now) > 0;
            if (changed.Count > 0 || removed)
            {
                Publish();
            }
        }
        if (changed.Count > 0)
        {
            Raise(changed);
        }
        else if (removed)
        {
            _subscribers.Notify();
        }
    }

    /// <summary>Stores one report; returns the alert when it is new or changed in a way anyone would notice.</summary>
    private ConsoleAlert? Store(string scope, ConsoleAlert alert, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(alert.Fingerprint, out var entry))
        {
            if (_entries.Count >= _options.MaxAlerts && !MakeRoom())
            {
                Interlocked.Increment(ref _dropped);
                return null;
            }
            var ack = _restoredAcks.Remove(alert.Fingerprint, out var restored) && restored.ActiveAt == alert.ActiveAt
                ? restored.Acknowledgement
                : null;
            entry = new Entry(alert with { Acknowledged = ack });
            entry.Scopes.Add(scope);
            _entries[alert.Fingerprint] = entry;
            return entry.Current;
        }
        entry.Scopes.Add(scope);
        var previous = entry.Current;
        // A new occurrence (the alert resolved and came back) starts unacknowledged.
        var keepAck = previous.Acknowledged is not null && previous.ActiveAt == alert.ActiveAt;
        if (previous.Acknowledged is not null && !keepAck)
        {
            _acknowledgements?.Delete(alert.Fingerprint);
        }
        entry.Current = alert with { Acknowledged = keepAck ? previous.Acknowledged : null };
        return Noticeable(previous, entry.Current) ? entry.Current : null;
    }

    private static bool Noticeable(ConsoleAlert before, ConsoleAlert after) =>
        before.State != after.State
        || before.ActiveAt != after.ActiveAt
        || before.ResolvedAt != after.ResolvedAt
        || before.FiredAt != after.FiredAt // an external alert learns when it fired from a later report (Alertmanager's startsAt)
        || !Equals(before.Value, after.Value)
        || !before.Annotations.Equals(after.Annotations)
        || before.Acknowledged != after.Acknowledged;

    /// <summary>Frees one slot by dropping the oldest resolved alert; false when every alert is active.</summary>
    private bool MakeRoom()
    {
        var oldest = _entries.Values.Where(e => e.Current.IsResolved).MinBy(e => e.Current.ResolvedAt);
        if (oldest is null)
        {
            return false;
        }
        _entries.Remove(oldest.Current.Fingerprint);
        return true;
    }

    private int RemoveExpired(DateTimeOffset now)
    {
        var expired = _entries.Values
            .Where(e => e.Current.ResolvedAt is { } at && now - at > _options.ResolvedRetention)
            .Select(e => e.Current.Fingerprint)
            .ToList();
        foreach (var fingerprint in expired)
        {
            _entries.Remove(fingerprint);
        }
        return expired.Count;
    }

    private void Publish()
    {
        _snapshot = _entries.Values.Select(e => e.Current).OrderBy(a => a.Fingerprint, StringComparer.Ordinal).ToList();
        Version++;
    }

    private void Raise(IReadOnlyList<ConsoleAlert> changed)
    {
        AlertsChanged?.Invoke(changed);
        _subscribers.Notify();
    }

    private sealed class Entry(ConsoleAlert current)
    {
        public ConsoleAlert Current { get; set; } = current;

        public HashSet<string> Scopes { get; } = new(StringComparer.Ordinal);
    }
}
