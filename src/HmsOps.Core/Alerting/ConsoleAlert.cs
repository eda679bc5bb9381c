using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>Where an alert came from; the console merges every source into one <see cref="AlertBook"/>.</summary>
public enum AlertOrigin
{
    /// <summary>The console's own rule evaluator (embedded metrics).</summary>
    Rules,

    /// <summary>Alertmanager's webhook (payload version 4).</summary>
    Alertmanager,

    /// <summary>A real Prometheus's <c>/api/v1/alerts</c>.</summary>
    Prometheus,

    /// <summary>A log with level <c>security</c> (the <c>SecurityEvent</c> alert).</summary>
    Security,
}

/// <summary>Who acknowledged an alert occurrence, and when. A new occurrence (new activeAt) starts unacknowledged.</summary>
public sealed record AlertAcknowledgement(string By, DateTimeOffset At);

/// <summary>
/// An alert as the console shows, routes and notifies it, whatever its source. Identity is
/// <see cref="Fingerprint"/> (Alertmanager's label fingerprint), so the same alert from two sources is one alert.
/// </summary>
/// <param name="State">Pending, firing, or <see cref="AlertState.Inactive"/> for resolved (kept visible a while).</param>
/// <param name="Value">The expression's value at the last evaluation; null when the source does not say (Alertmanager).</param>
/// <param name="ActiveAt">When the alert became active (Prometheus <c>activeAt</c>, Alertmanager <c>startsAt</c>).</param>
/// <param name="FiredAt">When it went from pending to firing; null while pending or when the source does not say.</param>
/// <param name="ResolvedAt">When it resolved (Alertmanager <c>endsAt</c>); null while active.</param>
/// <param name="UpdatedAt">When a source last reported it.</param>
/// <param name="Source">A human-readable source: the rule file and group, or the Prometheus/Alertmanager URL.</param>
/// <param name="Acknowledged">Filled by the <see cref="AlertBook"/>; sources leave it null.</param>
public sealed record ConsoleAlert(
    string Fingerprint,
    LabelSet Labels,
    LabelSet Annotations,
    AlertState State,
    double? Value,
    DateTimeOffset ActiveAt,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset UpdatedAt,
    AlertOrigin Origin,
    string Source,
    string? GeneratorUrl = null,
    AlertAcknowledgement? Acknowledged = null)
{
    public string Name => Labels.Get(AlertRuleStateMachine.AlertNameLabel) ?? "";

    public string? Severity => Labels.Get("severity");

    public string? Service => Labels.Get("service");

    public bool IsFiring => State == AlertState.Firing;

    public bool IsResolved => State == AlertState.Inactive;

    /// <summary>Builds one from the rule evaluator's alert (its labels already carry <c>alertname</c>).</summary>
    public static ConsoleAlert FromRule(Alert alert, string source, DateTimeOffset now) =>
        new(AlertFingerprint.Of(alert.Labels), alert.Labels, alert.Annotations, alert.State, alert.Value,
            alert.ActiveAt, alert.FiredAt, alert.ResolvedAt, now, AlertOrigin.Rules, source);
}
