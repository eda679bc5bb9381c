using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>Prometheus's alert states; an inactive alert is one that has resolved and is kept for a while.</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
}

/// <summary>
/// An alerting rule as the state machine needs it. Label and annotation values are templates
/// (<c>{{ $labels.x }}</c>, <c>{{ $value }}</c>, ...); names are not.
/// </summary>
public sealed record AlertingRule(
    string Name,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// One alert of a rule: one output series of its expression, identified by <see cref="Labels"/>
/// (series labels without <c>__name__</c>, plus the rule's labels and <c>alertname</c>).
/// A plain record so it can be serialised across restarts; a firing alert keeps its <see cref="ActiveAt"/>.
/// </summary>
public sealed record Alert(
    LabelSet Labels,
    LabelSet Annotations,
    AlertState State,
    double Value,
    DateTimeOffset ActiveAt,
    DateTimeOffset? FiredAt = null,
    DateTimeOffset? ResolvedAt = null,
    DateTimeOffset? LastSeenAt = null,
    DateTimeOffset? KeepFiringSince = null);

/// <summary>The state of one rule between evaluations: its alerts ordered by label key.</summary>
public sealed record AlertRuleState(IReadOnlyList<Alert> Alerts)
{
    public static readonly AlertRuleState Empty = new([]);
}

public enum AlertTransitionKind
{
    /// <summary>A new alert started (inactive → pending).</summary>
    Pending,

    /// <summary>The alert has been active for the rule's <c>for</c> (pending → firing).</summary>
    Firing,

    /// <summary>A firing alert's series went away (firing → inactive); it stays visible as resolved.</summary>
    Resolved,

    /// <summary>A pending alert's series went away before it fired; it is dropped at once.</summary>
    Removed,
}

/// <summary>What happened to one alert at one evaluation: what gets persisted, notified and shown on timelines.</summary>
public sealed record AlertTransition(
    AlertTransitionKind Kind,
    string RuleName,
    LabelSet Labels,
    LabelSet Annotations,
    double Value,
    DateTimeOffset At,
    DateTimeOffset ActiveAt);

/// <summary>A template that failed to expand: the alert carries Prometheus's error text in its place.</summary>
public sealed record AlertTemplateError(LabelSet SeriesLabels, string Field, string Message);

/// <summary>
/// The outcome of one evaluation. When <see cref="Error"/> is set the state is the previous one, unchanged,
/// and there are no transitions (as Prometheus, which aborts the rule's evaluation).
/// </summary>
public sealed record AlertRuleEvaluation(
    AlertRuleState State,
    IReadOnlyList<AlertTransition> Transitions,
    IReadOnlyList<AlertTemplateError> TemplateErrors,
    string? Error = null);
