namespace HmsOps.Core.Alerting.External;

public enum ExternalSourceHealth
{
    /// <summary>Nothing heard yet (no poll answered, no webhook received).</summary>
    Waiting,

    Ok,

    /// <summary>The source cannot be reached: its alerts are the last known ones and may be out of date.</summary>
    Stale,
}

/// <summary>What the Alerts page shows about one external alert source.</summary>
/// <param name="Name">"Alertmanager webhook" or "Prometheus".</param>
/// <param name="Target">The Prometheus URL, or the webhook's path.</param>
/// <param name="StaleSince">When the current outage began; null while healthy.</param>
/// <param name="LastError">Why the last attempt failed (never a secret); null while healthy.</param>
/// <param name="Alerts">Alerts in the last successful report.</param>
/// <param name="FiringReceived">Firing (or pending) alerts received in total.</param>
/// <param name="ResolvedReceived">Resolutions received in total (for the poller: alerts that vanished).</param>
public sealed record ExternalSourceStatus(
    string Name,
    string Target,
    ExternalSourceHealth Health,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? StaleSince,
    string? LastError,
    int Alerts,
    long FiringReceived,
    long ResolvedReceived);

/// <summary>The status of every external alert source, by name; thread-safe, with change subscriptions for the UI.</summary>
public sealed class ExternalSourceBoard
{
    private readonly Lock _gate = new();
    private readonly Subscribers _subscribers = new();
    private readonly Dictionary<string, ExternalSourceStatus> _sources = new(StringComparer.Ordinal);

    public IReadOnlyList<ExternalSourceStatus> Snapshot()
    {
        lock (_gate)
        {
            return _sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }
    }

    public ExternalSourceStatus? Find(string name)
    {
        lock (_gate)
        {
            return _sources.GetValueOrDefault(name);
        }
    }

    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    public void Register(string name, string target)
    {
        lock (_gate)
        {
            _sources.TryAdd(name, new ExternalSourceStatus(name, target, ExternalSourceHealth.Waiting, null, null, null, 0, 0, 0));
        }
        _subscribers.Notify();
    }

    /// <summary>Records a successful report.</summary>
    public void Succeeded(string name, DateTimeOffset at, int alerts, int firing, int resolved)
    {
        Update(name, s => s with
        {
            Health = ExternalSourceHealth.Ok,
            LastSuccessAt = at,
            StaleSince = null,
            LastError = null,
            Alerts = alerts,
            FiringReceived = s.FiringReceived + firing,
            ResolvedReceived = s.ResolvedReceived + resolved,
        });
    }

    /// <summary>Records a failure; returns true when it starts an outage (the source was not stale before).</summary>
    public bool Failed(string name, DateTimeOffset at, string error)
    {
        var started = false;
        Update(name, s =>
        {
            started = s.Health != ExternalSourceHealth.Stale;
            return s with { Health = ExternalSourceHealth.Stale, StaleSince = s.StaleSince ?? at, LastError = error };
        });
        return started;
    }

    private void Update(string name, Func<ExternalSourceStatus, ExternalSourceStatus> change)
    {
        lock (_gate)
        {
            var current = _sources.GetValueOrDefault(name)
                ?? new ExternalSourceStatus(name, "", ExternalSourceHealth.Waiting, null, null, null, 0, 0, 0);
            _sources[name] = change(current);
        }
        _subscribers.Notify();
    }
}
