using HmsOps.Core.Alerting.Templating;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>
/// The alerting rule state machine with Prometheus 2.42's semantics (rules/alerting.go):
/// <c>(rule, state, expr result, now) -> (state, transitions)</c>. Pure: time only comes in as <c>now</c>.
/// </summary>
public static class AlertRuleStateMachine
{
    /// <summary>How long a resolved alert stays visible (Prometheus's <c>resolvedRetention</c>).</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    public const string AlertNameLabel = "alertname";

    public const string DuplicateLabelSetError =
        "vector contains metrics with the same labelset after applying alert labels";

    public static AlertRuleEvaluation Evaluate(
        AlertingRule rule,
        AlertRuleState state,
        IReadOnlyList<VectorSample> samples,
        DateTimeOffset now,
        LabelSet? externalLabels = null)
    {
        var templateErrors = new List<AlertTemplateError>();
        var seen = new Dictionary<LabelSet, Alert>();
        foreach (var sample in samples)
        {
            var alert = AlertFromSample(rule, sample, now, externalLabels ?? LabelSet.Empty, templateErrors);
            if (!seen.TryAdd(alert.Labels, alert))
            {
                // Prometheus aborts the whole evaluation and keeps the previous state.
                return new AlertRuleEvaluation(state, [], templateErrors, DuplicateLabelSetError);
            }
        }

        var previous = state.Alerts.ToDictionary(a => a.Labels);
        var next = new List<Alert>();
        var transitions = new List<AlertTransition>();
        foreach (var (labels, fresh) in seen)
        {
            Alert alert;
            if (previous.TryGetValue(labels, out var old) && old.State != AlertState.Inactive)
            {
                alert = old with { Value = fresh.Value, Annotations = fresh.Annotations, LastSeenAt = now, KeepFiringSince = null };
            }
            else
            {
                // New, or a resolved alert whose series came back: it starts again as pending.
                alert = fresh;
                transitions.Add(Transition(AlertTransitionKind.Pending, rule, alert, now));
            }
            if (alert.State == AlertState.Pending && now - alert.ActiveAt >= rule.For)
            {
                alert = alert with { State = AlertState.Firing, FiredAt = now };
                transitions.Add(Transition(AlertTransitionKind.Firing, rule, alert, now));
            }
            next.Add(alert);
        }

        foreach (var old in state.Alerts.Where(a => !seen.ContainsKey(a.Labels)))
        {
            var kept = Vanished(rule, old, now, transitions);
            if (kept is not null)
            {
                next.Add(kept);
            }
        }

        next.Sort((a, b) => string.CompareOrdinal(a.Labels.Key, b.Labels.Key));
        return new AlertRuleEvaluation(new AlertRuleState(next), transitions, templateErrors);
    }

    /// <summary>An alert whose series is absent from this evaluation; returns what is kept, or null to drop it.</summary>
    private static Alert? Vanished(AlertingRule rule, Alert old, DateTimeOffset now, List<AlertTransition> transitions)
    {
        switch (old.State)
        {
            case AlertState.Pending:
                transitions.Add(Transition(AlertTransitionKind.Removed, rule, old, now));
                return null;
            case AlertState.Inactive:
                return old.ResolvedAt is { } resolvedAt && now - resolvedAt > ResolvedRetention ? null : old;
            default:
                // keep_firing_for counts from the first evaluation that no longer saw the series, as Prometheus does.
                var since = old.KeepFiringSince ?? now;
                if (rule.KeepFiringFor > TimeSpan.Zero && now - since < rule.KeepFiringFor)
                {
                    return old with { KeepFiringSince = since };
                }
                var resolved = old with { State = AlertState.Inactive, ResolvedAt = now, KeepFiringSince = null };
                transitions.Add(Transition(AlertTransitionKind.Resolved, rule, resolved, now));
                return resolved;
        }
    }

    private static Alert AlertFromSample(
        AlertingRule rule, VectorSample sample, DateTimeOffset now, LabelSet externalLabels, List<AlertTemplateError> errors)
    {
        var data = new TemplateData(ToMap(sample.Labels), sample.Value, ToMap(externalLabels));
        var templateName = "__alert_" + rule.Name;

        string Expand(string field, string text)
        {
            var result = AlertTemplate.Expand(templateName, text, data);
            if (result.Error is not null)
            {
                errors.Add(new AlertTemplateError(sample.Labels, field, result.Error));
            }
            return result.Text;
        }

        var labels = sample.Labels.Pairs
            .Where(p => p.Key != LabelSet.MetricNameLabel)
            .Concat(rule.Labels.Select(l => KeyValuePair.Create(l.Key, Expand("labels." + l.Key, l.Value))))
            .Append(KeyValuePair.Create(AlertNameLabel, rule.Name));
        var annotations = rule.Annotations.Select(a => KeyValuePair.Create(a.Key, Expand("annotations." + a.Key, a.Value)));
        return new Alert(LabelSet.From(labels), LabelSet.From(annotations), AlertState.Pending, sample.Value, now, LastSeenAt: now);
    }

    private static Dictionary<string, string> ToMap(LabelSet labels) =>
        labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static AlertTransition Transition(AlertTransitionKind kind, AlertingRule rule, Alert alert, DateTimeOffset now) =>
        new(kind, rule.Name, alert.Labels, alert.Annotations, alert.Value, now, alert.ActiveAt);
}
