using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>The <c>ALERTS</c> and <c>ALERTS_FOR_STATE</c> series Prometheus writes for a rule's active alerts.</summary>
public static class AlertSeries
{
    public const string AlertsMetric = "ALERTS";
    public const string AlertsForStateMetric = "ALERTS_FOR_STATE";
    public const string AlertStateLabel = "alertstate";

    /// <summary>
    /// <c>ALERTS{alertname, alertstate, ...labels} = 1</c> and <c>ALERTS_FOR_STATE{alertname, ...labels} = activeAt</c>
    /// (Unix seconds) for every pending or firing alert; resolved alerts write nothing.
    /// </summary>
    public static IReadOnlyList<VectorSample> Build(AlertingRule rule, AlertRuleState state, DateTimeOffset now)
    {
        var timestampMs = now.ToUnixTimeMilliseconds();
        var samples = new List<VectorSample>();
        foreach (var alert in state.Alerts.Where(a => a.State != AlertState.Inactive))
        {
            // As Prometheus: the rule's raw labels underneath, the alert's (templated) labels on top.
            var labels = rule.Labels.Select(l => KeyValuePair.Create(l.Key, l.Value))
                .Concat(alert.Labels.Pairs)
                .Append(KeyValuePair.Create(AlertRuleStateMachine.AlertNameLabel, rule.Name))
                .ToList();
            var stateText = alert.State == AlertState.Firing ? "firing" : "pending";
            samples.Add(new VectorSample(
                LabelSet.From(labels.Append(KeyValuePair.Create(LabelSet.MetricNameLabel, AlertsMetric))
                    .Append(KeyValuePair.Create(AlertStateLabel, stateText))),
                timestampMs,
                1));
            samples.Add(new VectorSample(
                LabelSet.From(labels.Append(KeyValuePair.Create(LabelSet.MetricNameLabel, AlertsForStateMetric))),
                timestampMs,
                alert.ActiveAt.ToUnixTimeSeconds()));
        }
        return samples;
    }
}
