namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>The rule evaluator's settings, bound from section <c>Alerting</c> beside <see cref="AlertBookOptions"/>.</summary>
public sealed class RuleEvaluationOptions
{
    /// <summary>How often a group without its own <c>interval</c> is evaluated (Prometheus's <c>evaluation_interval</c>).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the rules folder must be quiet after a change before it is reloaded (editors write in bursts).</summary>
    public TimeSpan RulesReloadDebounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The folder is also rescanned this often, for file systems where change notifications are lost.</summary>
    public TimeSpan RulesRescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Saved alerts last seen longer ago than this are not restored at start (Prometheus's
    /// <c>--rules.alert.for-outage-tolerance</c>): after a long outage an alert starts again as pending.
    /// </summary>
    public TimeSpan OutageTolerance { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At most this many alerts are persisted across restarts (file <c>rule-state.json</c> under Storage:DataPath);
    /// past it the remaining alerts are left out of the file (they are re-derived, with a new activeAt, after a restart).
    /// </summary>
    public int MaxPersistedAlerts { get; set; } = 20_000;
}
