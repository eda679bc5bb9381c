namespace HmsOps.Core.Alerting;

/// <summary>Bounds of the <see cref="AlertBook"/>: section <c>Alerting</c> (shared with the evaluator's settings).</summary>
public sealed class AlertBookOptions
{
    /// <summary>How long a resolved alert stays visible (Prometheus keeps 15 minutes).</summary>
    public TimeSpan ResolvedRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// At most this many alerts are held. At the bound the oldest resolved alerts go first; when only active
    /// alerts remain, new ones are refused and counted in <see cref="AlertBook.Dropped"/> (never silently replaced).
    /// </summary>
    public int MaxAlerts { get; set; } = 20_000;
}
