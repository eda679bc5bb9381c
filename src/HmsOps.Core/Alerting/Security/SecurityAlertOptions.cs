namespace HmsOps.Core.Alerting.Security;

/// <summary>Section <c>Alerting:Security</c>: the <c>SecurityEvent</c> alerts raised by logs with level <c>security</c>.</summary>
public sealed class SecurityAlertOptions
{
    /// <summary>A security alert resolves on its own this long after it was raised (nothing else can resolve it).</summary>
    public TimeSpan ResolveAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At most this many security alerts are open (firing) at once. At the bound the oldest open one is resolved early
    /// to make room, so the newest events are always visible (the resolved ones stay listed for the book's retention).
    /// </summary>
    public int MaxOpenAlerts { get; set; } = 1_000;
}
