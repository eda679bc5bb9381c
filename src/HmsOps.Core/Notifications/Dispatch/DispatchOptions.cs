namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>Section <c>Notifications:Dispatch</c>: the dispatcher's clock and its notification log (Alertmanager's nflog).</summary>
public sealed class DispatchOptions
{
    public const string Section = "Notifications:Dispatch";

    /// <summary>How often aggregation groups are checked for a due flush (timings are rounded up to this).</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A notification log entry is forgotten this long after its last notification (Alertmanager keeps 120 h).</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(5);

    /// <summary>At most this many (group, receiver) entries are kept; beyond it the oldest are forgotten.</summary>
    public int MaxLogEntries { get; set; } = 20_000;

    /// <summary>
    /// Whether alerts from a real Prometheus or Alertmanager are routed by the console too. Off by default: where
    /// they come from, an Alertmanager already notifies, and routing them twice would page people twice.
    /// </summary>
    public bool RouteExternalAlerts { get; set; }
}
