using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>
/// Evaluates one rule group at one timestamp as Prometheus's rules manager does: rules in file order, each recording
/// rule's output written to the store before the next rule runs (so later rules see it), each alerting rule's
/// <c>ALERTS</c>/<c>ALERTS_FOR_STATE</c> written back, the group <c>limit</c> enforced per rule.
/// </summary>
public sealed class RuleGroupRunner
{
    private readonly PromQLEngine _engine;
    private readonly TimeSeriesStore _store;
    private readonly TimeProvider _time;
    private readonly Alerting.AlertingRule?[] _machineRules;
    private readonly PromQL.Expr[] _expressions;

    public RuleGroupRunner(string file, RuleGroup group, TimeSpan interval, PromQLEngine engine, TimeSeriesStore store, TimeProvider time)
    {
        _engine = engine;
        _store = store;
        _time = time;
        Status = new RuleGroupStatus(file, group.Name, interval, group.Limit, group.Rules.Select(RuleStatus.New).ToArray(), null, TimeSpan.Zero);
        _machineRules = group.Rules.Select(r => r is Rules.AlertingRule a
            ? new Alerting.AlertingRule(a.Name, a.For, a.KeepFiringFor, a.Labels, a.Annotations)
            : null).ToArray();
        _expressions = group.Rules.Select(r => PromQLParser.Parse(r.Expr)).ToArray();
    }

    /// <summary>The group as of its latest evaluation; replaced (never mutated) after each one.</summary>
    public RuleGroupStatus Status { get; private set; }

    public TimeSpan Interval => Status.Interval;

    /// <summary>When the group is next due; the evaluator schedules on it.</summary>
    public DateTimeOffset NextDue { get; set; }

    /// <summary>Takes over each rule's state from a previous version of the group (reload, restart), matching on name and labels.</summary>
    public void CopyStateFrom(IEnumerable<RuleStatus> previous)
    {
        var queues = previous.GroupBy(s => s.Identity).ToDictionary(g => g.Key, g => new Queue<RuleStatus>(g));
        var rules = Status.Rules.ToArray();
        for (var i = 0; i < rules.Length; i++)
        {
            if (queues.TryGetValue(rules[i].Identity, out var queue) && queue.TryDequeue(out var old))
            {
                rules[i] = old with { Rule = rules[i].Rule };
            }
        }
        Status = Status with { Rules = rules };
    }

    /// <summary>Evaluates every rule at <paramref name="now"/> and returns the new status.</summary>
    public RuleGroupStatus Evaluate(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var groupStart = _time.GetTimestamp();
        var rules = Status.Rules.ToArray();
        for (var i = 0; i < rules.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = _time.GetTimestamp();
            var (state, error) = EvaluateRule(i, rules[i].State, now, cancellationToken);
            rules[i] = rules[i] with
            {
                Health = error is null ? RuleHealth.Ok : RuleHealth.Err,
                LastError = error ?? "",
                LastEvaluation = now,
                EvaluationTime = _time.GetElapsedTime(start),
                State = state,
            };
        }
        Status = Status with { Rules = rules, LastEvaluation = now, EvaluationTime = _time.GetElapsedTime(groupStart) };
        return Status;
    }

    private (AlertRuleState State, string? Error) EvaluateRule(int index, AlertRuleState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        IReadOnlyList<VectorSample> samples;
        try
        {
            samples = Query(_expressions[index], nowMs, cancellationToken);
        }
        catch (PromQLException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not the rule's fault, so its health is left as it was.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (PromQLException e)
        {
            return (state, e.Message);
        }
        if (_machineRules[index] is { } alerting)
        {
            return EvaluateAlerting(alerting, state, samples, now);
        }
        return (AlertRuleState.Empty, Record((RecordingRule)Status.Rules[index].Rule, samples, nowMs));
    }

    private (AlertRuleState, string?) EvaluateAlerting(Alerting.AlertingRule rule, AlertRuleState state, IReadOnlyList<VectorSample> samples, DateTimeOffset now)
    {
        var evaluation = AlertRuleStateMachine.Evaluate(rule, state, samples, now);
        if (evaluation.Error is not null)
        {
            return (state, evaluation.Error);
        }
        var next = evaluation.State;
        var active = next.Alerts.Count(a => a.State != AlertState.Inactive);
        if (Status.Limit > 0 && active > Status.Limit)
        {
            // As Prometheus: over the limit the rule forgets every alert and reports the error.
            return (AlertRuleState.Empty, $"exceeded limit of {Status.Limit} with {active} alerts");
        }
        var error = Write(AlertSeries.Build(rule, next, now));
        return (next, error);
    }

    private string? Record(RecordingRule rule, IReadOnlyList<VectorSample> samples, long nowMs)
    {
        var output = new List<VectorSample>(samples.Count);
        var seen = new HashSet<LabelSet>();
        foreach (var sample in samples)
        {
            var labels = LabelSet.From(sample.Labels.Pairs
                .Where(p => p.Key != LabelSet.MetricNameLabel)
                .Concat(rule.Labels)
                .Append(KeyValuePair.Create(LabelSet.MetricNameLabel, rule.Name)));
            if (!seen.Add(labels))
            {
                return "vector contains metrics with the same labelset after applying rule labels";
            }
            output.Add(sample with { Labels = labels, TimestampMs = nowMs });
        }
        if (Status.Limit > 0 && output.Count > Status.Limit)
        {
            return $"exceeded limit {Status.Limit} with {output.Count} series";
        }
        return Write(output);
    }

    private IReadOnlyList<VectorSample> Query(PromQL.Expr expr, long nowMs, CancellationToken cancellationToken) =>
        _engine.Instant(expr, nowMs, cancellationToken) switch
        {
            VectorResult vector => vector.Samples,
            // A scalar becomes one sample without labels, as Prometheus's rule query function does.
            ScalarResult scalar => [new VectorSample(LabelSet.Empty, nowMs, scalar.Value)],
            var other => throw new PromQLException(QueryErrorType.Execution, $"rule result is not a vector or scalar: {other.ResultType}"),
        };

    /// <summary>Writes samples into the store, refusing the whole batch if new series would pass Metrics:MaxSeries.</summary>
    private string? Write(IReadOnlyList<VectorSample> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }
        var added = samples.Count(s => !_store.Contains(s.Labels));
        if (added > 0 && _store.SeriesCount + added > _store.Options.MaxSeries)
        {
            return $"writing {added} new series would pass the store's maximum of {_store.Options.MaxSeries} series (Metrics:MaxSeries)";
        }
        _store.Apply(samples.Select(s => new SeriesWrite(s.Labels, IsCounter: false, s.Value, s.TimestampMs)).ToArray(), 0);
        return null;
    }
}
