using HmsOps.Core.Alerting;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting;

public sealed class AlertRuleStateMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AlertingRule Rule(TimeSpan? @for = null, TimeSpan? keepFiringFor = null, Dictionary<string, string>? labels = null) =>
        new("ACHLatencyHigh",
            @for ?? TimeSpan.FromMinutes(3),
            keepFiringFor ?? TimeSpan.Zero,
            labels ?? new Dictionary<string, string> { ["severity"] = "critical" },
            new Dictionary<string, string>
            {
                ["summary"] = "{{ $labels.service }} p95 is {{ $value | humanizeDuration }}",
                ["runbook"] = "https://runbooks.gov/ops/ach_latency",
            });

    private static VectorSample Sample(double value, string service = "ach-svc") =>
        new(LabelSet.From(("__name__", "hms_ach_latency"), ("service", service)), 0, value);

    /// <summary>Drives evaluations the way the evaluator will: a TimeProvider advanced by the group interval.</summary>
    private sealed class Driver(AlertingRule rule)
    {
        public FakeTimeProvider Time { get; } = new(Start);
        public AlertRuleState State { get; private set; } = AlertRuleState.Empty;

        public AlertRuleEvaluation Eval(params VectorSample[] samples)
        {
            var result = AlertRuleStateMachine.Evaluate(rule, State, samples, Time.GetUtcNow());
            State = result.State;
            return result;
        }

        public AlertRuleEvaluation EvalAfter(TimeSpan step, params VectorSample[] samples)
        {
            Time.Advance(step);
            return Eval(samples);
        }
    }

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void New_series_goes_pending_then_fires_once_for_has_elapsed()
    {
        var driver = new Driver(Rule());

        var first = driver.Eval(Sample(4.2));
        var alert = Assert.Single(first.State.Alerts);
        Assert.Equal(AlertState.Pending, alert.State);
        Assert.Equal(Start, alert.ActiveAt);
        Assert.Equal([AlertTransitionKind.Pending], first.Transitions.Select(t => t.Kind));

        Assert.Empty(driver.EvalAfter(Minute, Sample(5)).Transitions);
        Assert.Empty(driver.EvalAfter(Minute, Sample(6)).Transitions);
        Assert.Equal(AlertState.Pending, driver.State.Alerts[0].State);

        var firing = driver.EvalAfter(Minute, Sample(7));
        var transition = Assert.Single(firing.Transitions);
        Assert.Equal(AlertTransitionKind.Firing, transition.Kind);
        Assert.Equal(Start + 3 * Minute, transition.At);
        Assert.Equal(Start, transition.ActiveAt);
        Assert.Equal(7, transition.Value);
        Assert.Equal(AlertState.Firing, driver.State.Alerts[0].State);
        Assert.Equal(Start, driver.State.Alerts[0].ActiveAt);
    }

    [Fact]
    public void Alert_labels_are_series_labels_without_name_plus_rule_labels_and_alertname()
    {
        var driver = new Driver(Rule());
        var transition = Assert.Single(driver.Eval(Sample(4)).Transitions);
        Assert.Equal("{alertname=\"ACHLatencyHigh\",service=\"ach-svc\",severity=\"critical\"}", transition.Labels.Key);
        Assert.Equal("ach-svc p95 is 4s", transition.Annotations.Get("summary"));
        Assert.Equal("https://runbooks.gov/ops/ach_latency", transition.Annotations.Get("runbook"));
    }

    [Fact]
    public void Zero_for_fires_in_the_first_evaluation()
    {
        var driver = new Driver(Rule(@for: TimeSpan.Zero));
        var result = driver.Eval(Sample(1));
        Assert.Equal([AlertTransitionKind.Pending, AlertTransitionKind.Firing], result.Transitions.Select(t => t.Kind));
        Assert.Equal(AlertState.Firing, result.State.Alerts[0].State);
    }

    [Fact]
    public void Pending_alert_whose_series_disappears_is_removed()
    {
        var driver = new Driver(Rule());
        driver.Eval(Sample(4));
        var result = driver.EvalAfter(Minute);
        Assert.Equal([AlertTransitionKind.Removed], result.Transitions.Select(t => t.Kind));
        Assert.Empty(result.State.Alerts);
    }

    [Fact]
    public void Flapping_series_restarts_pending_with_a_new_active_at()
    {
        var driver = new Driver(Rule());
        driver.Eval(Sample(4));
        driver.EvalAfter(Minute, Sample(4));
        driver.EvalAfter(Minute);
        var back = driver.EvalAfter(Minute, Sample(4));
        Assert.Equal([AlertTransitionKind.Pending], back.Transitions.Select(t => t.Kind));
        Assert.Equal(Start + 3 * Minute, back.State.Alerts[0].ActiveAt);
        // Three minutes after the *new* activeAt, not the first one, it fires.
        Assert.Empty(driver.EvalAfter(2 * Minute, Sample(4)).Transitions);
        Assert.Equal([AlertTransitionKind.Firing], driver.EvalAfter(Minute, Sample(4)).Transitions.Select(t => t.Kind));
    }

    [Fact]
    public void Firing_alert_resolves_and_stays_visible_fifteen_minutes()
    {
        var driver = new Driver(Rule(@for: TimeSpan.Zero));
        driver.Eval(Sample(4));
        var resolved = driver.EvalAfter(Minute);
        var transition = Assert.Single(resolved.Transitions);
        Assert.Equal(AlertTransitionKind.Resolved, transition.Kind);
        Assert.Equal(Start + Minute, transition.At);
        var alert = Assert.Single(resolved.State.Alerts);
        Assert.Equal(AlertState.Inactive, alert.State);
        Assert.Equal(Start + Minute, alert.ResolvedAt);

        driver.EvalAfter(TimeSpan.FromMinutes(15));
        Assert.Single(driver.State.Alerts); // exactly 15 minutes: still kept (Prometheus drops when older than that)
        var dropped = driver.EvalAfter(TimeSpan.FromSeconds(15));
        Assert.Empty(dropped.State.Alerts);
        Assert.Empty(dropped.Transitions);
    }

    [Fact]
    public void Resolved_alert_whose_series_returns_starts_again_as_pending()
    {
        var driver = new Driver(Rule());
        driver.Eval(Sample(4));
        driver.EvalAfter(3 * Minute, Sample(4));
        driver.EvalAfter(Minute);
        var back = driver.EvalAfter(Minute, Sample(9));
        Assert.Equal([AlertTransitionKind.Pending], back.Transitions.Select(t => t.Kind));
        var alert = Assert.Single(back.State.Alerts);
        Assert.Equal(AlertState.Pending, alert.State);
        Assert.Equal(Start + 5 * Minute, alert.ActiveAt);
        Assert.Null(alert.ResolvedAt);
    }

    [Fact]
    public void Keep_firing_for_holds_a_firing_alert_after_its_series_disappears()
    {
        var driver = new Driver(Rule(@for: TimeSpan.Zero, keepFiringFor: 2 * Minute));
        driver.Eval(Sample(4));

        Assert.Empty(driver.EvalAfter(Minute).Transitions);
        Assert.Equal(AlertState.Firing, driver.State.Alerts[0].State);
        Assert.Equal(Start + Minute, driver.State.Alerts[0].KeepFiringSince);
        Assert.Empty(driver.EvalAfter(Minute).Transitions);

        var resolved = driver.EvalAfter(Minute);
        Assert.Equal([AlertTransitionKind.Resolved], resolved.Transitions.Select(t => t.Kind));
        Assert.Equal(Start + 3 * Minute, resolved.State.Alerts[0].ResolvedAt);
    }

    [Fact]
    public void Series_returning_during_keep_firing_for_resets_the_hold()
    {
        var driver = new Driver(Rule(@for: TimeSpan.Zero, keepFiringFor: 2 * Minute));
        driver.Eval(Sample(4));
        driver.EvalAfter(Minute);
        driver.EvalAfter(Minute, Sample(5));
        Assert.Null(driver.State.Alerts[0].KeepFiringSince);
        Assert.Empty(driver.EvalAfter(Minute).Transitions);
        Assert.Empty(driver.EvalAfter(Minute).Transitions);
        Assert.Equal([AlertTransitionKind.Resolved], driver.EvalAfter(Minute).Transitions.Select(t => t.Kind));
        Assert.Equal(Start, driver.State.Alerts[0].ActiveAt);
    }

    [Fact]
    public void Each_series_is_its_own_alert()
    {
        var driver = new Driver(Rule(@for: Minute));
        driver.Eval(Sample(4, "ach-svc"));
        var result = driver.EvalAfter(Minute, Sample(5, "ach-svc"), Sample(6, "wire-svc"));
        Assert.Equal(
            [(AlertTransitionKind.Pending, "wire-svc"), (AlertTransitionKind.Firing, "ach-svc")],
            result.Transitions.Select(t => (t.Kind, t.Labels.Get("service")!)).OrderBy(t => t.Item1));
        Assert.Equal(["ach-svc", "wire-svc"], result.State.Alerts.Select(a => a.Labels.Get("service")));
        Assert.Equal([AlertState.Firing, AlertState.Pending], result.State.Alerts.Select(a => a.State));
        Assert.Equal([5.0, 6.0], result.State.Alerts.Select(a => a.Value));
    }

    [Fact]
    public void Rule_labels_that_merge_series_are_an_error_and_keep_the_previous_state()
    {
        var rule = Rule(labels: new Dictionary<string, string> { ["service"] = "payments" });
        var driver = new Driver(rule);
        var before = driver.Eval(Sample(4, "ach-svc"));

        var result = driver.EvalAfter(Minute, Sample(4, "ach-svc"), Sample(5, "wire-svc"));

        Assert.Equal(AlertRuleStateMachine.DuplicateLabelSetError, result.Error);
        Assert.Same(before.State, result.State);
        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Templated_labels_identify_the_alert()
    {
        var rule = Rule(labels: new Dictionary<string, string> { ["team"] = "{{ $labels.service }}-oncall" });
        var alert = Assert.Single(new Driver(rule).Eval(Sample(4)).State.Alerts);
        Assert.Equal("ach-svc-oncall", alert.Labels.Get("team"));
    }

    [Fact]
    public void Template_error_keeps_the_alert_with_prometheus_error_text()
    {
        var rule = Rule() with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "{{ humanize $labels.service }}" },
        };
        var result = new Driver(rule).Eval(Sample(4));
        var alert = Assert.Single(result.State.Alerts);
        Assert.StartsWith("<error expanding template: ", alert.Annotations.Get("summary"));
        var error = Assert.Single(result.TemplateErrors);
        Assert.Equal("annotations.summary", error.Field);
        Assert.Contains("strconv.ParseFloat: parsing \"ach-svc\": invalid syntax", error.Message);
    }

    [Fact]
    public void Value_and_annotations_follow_the_latest_sample_while_active_at_stays()
    {
        var driver = new Driver(Rule());
        driver.Eval(Sample(4));
        driver.EvalAfter(Minute, Sample(8));
        var alert = driver.State.Alerts[0];
        Assert.Equal(8, alert.Value);
        Assert.Equal("ach-svc p95 is 8s", alert.Annotations.Get("summary"));
        Assert.Equal(Start, alert.ActiveAt);
        Assert.Equal(Start + Minute, alert.LastSeenAt);
    }

    [Fact]
    public void Serialised_state_resumes_a_firing_alert_with_its_original_active_at()
    {
        var driver = new Driver(Rule());
        driver.Eval(Sample(4));
        driver.EvalAfter(3 * Minute, Sample(4));

        var restored = AlertStateJson.Deserialize(AlertStateJson.Serialize(driver.State));
        Assert.Equal(driver.State.Alerts, restored.Alerts);

        var next = AlertRuleStateMachine.Evaluate(Rule(), restored, [Sample(4)], Start + 4 * Minute);
        Assert.Empty(next.Transitions);
        Assert.Equal(AlertState.Firing, next.State.Alerts[0].State);
        Assert.Equal(Start, next.State.Alerts[0].ActiveAt);
    }
}
