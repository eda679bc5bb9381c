using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;

namespace HmsOps.Prometheus;

/// <summary>Prometheus's <c>/api/v1/alerts</c> entries as the console's alerts (<see cref="AlertOrigin.Prometheus"/>).</summary>
public static class PrometheusAlertConversion
{
    /// <summary>The alert, or null for a state other than pending or firing (the API lists no others).</summary>
    public static ConsoleAlert? ToConsoleAlert(PrometheusAlert alert, string source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var state = alert.State switch
        {
            "pending" => AlertState.Pending,
            "firing" => AlertState.Firing,
            _ => (AlertState?)null,
        };
        if (state is null || alert.Labels.Count == 0)
        {
            return null;
        }
        var labels = LabelSet.From(alert.Labels);
        return new ConsoleAlert(
            AlertFingerprint.Of(labels),
            labels,
            LabelSet.From(alert.Annotations),
            state.Value,
            Value: alert.Value.Length == 0 ? null : alert.NumericValue,
            ActiveAt: alert.ActiveAt ?? now,
            FiredAt: null, // the API does not say when a firing alert fired; the webhook's startsAt does
            ResolvedAt: null,
            UpdatedAt: now,
            AlertOrigin.Prometheus,
            source);
    }
}
