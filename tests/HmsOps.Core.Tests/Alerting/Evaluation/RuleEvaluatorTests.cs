using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Alerting.Evaluation;

public sealed class RuleEvaluatorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private const string LatencyRule = """
        groups:
          - name: latency
            rules:
              - alert: ACHLatencyHigh
                expr: ach_latency_seconds > 5
                for: 1m
                labels:
                  severity: critical
                annotations:
                  summary: "{{ $labels.service }} at {{ $value }}s"
        """;

    [Fact]
    public void Alert_goes_pending_then_fires_once_it_has_held_for_its_for_duration()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();

        var pending = h.Alert("ACHLatencyHigh");
        Assert.NotNull(pending);
        Assert.Equal(AlertState.Pending, pending.State);
        Assert.Equal(RuleEvaluatorHarness.Start, pending.ActiveAt);
        Assert.Equal("ach-svc at 7s", pending.Annotations.Get("summary"));
        Assert.Equal("rules/test.yaml / latency", pending.Source);

        h.Step(Interval, 3, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        Assert.Equal(AlertState.Pending, h.Alert("ACHLatencyHigh")!.State);

        h.Step(Interval, 1, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        var firing = h.Alert("ACHLatencyHigh")!;
        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal(RuleEvaluatorHarness.Start, firing.ActiveAt);
        Assert.Equal(RuleEvaluatorHarness.Start.AddMinutes(1), firing.FiredAt);
        Assert.Equal(RuleHealth.Ok, h.Rule("ACHLatencyHigh").Health);
        Assert.Equal(RuleEvaluatorHarness.Start.AddMinutes(1), h.Rule("ACHLatencyHigh").LastEvaluation);
    }

    [Fact]
    public void Alerts_and_alerts_for_state_series_are_written_back_and_queryable()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();
        h.Step(TimeSpan.FromMinutes(1), 1, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));

        // The pending series lingers for the lookback delta: the embedded store has no staleness markers.
        var alerts = Assert.Single(h.Query("ALERTS{alertname=\"ACHLatencyHigh\",alertstate=\"firing\"}"));
        Assert.Equal("critical", alerts.Labels.Get("severity"));
        var forState = Assert.Single(h.Query("ALERTS_FOR_STATE"));
        Assert.Equal(RuleEvaluatorHarness.Start.ToUnixTimeSeconds(), forState.Value);
    }

    [Fact]
    public void Resolved_alert_stays_visible_for_15_minutes_then_goes()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();
        h.Step(TimeSpan.FromMinutes(1), 1, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        Assert.True(h.Alert("ACHLatencyHigh")!.IsFiring);

        h.Step(Interval, 1, () => h.Set("ach_latency_seconds", 0.2, ("service", "ach-svc")));
        var resolvedAt = h.Time.GetUtcNow();
        var resolved = h.Alert("ACHLatencyHigh")!;
        Assert.True(resolved.IsResolved);
        Assert.Equal(resolvedAt, resolved.ResolvedAt);

        h.Step(TimeSpan.FromMinutes(1), 14, () => h.Set("ach_latency_seconds", 0.2, ("service", "ach-svc")));
        Assert.True(h.Alert("ACHLatencyHigh")!.IsResolved);
        Assert.Single(h.Rule("ACHLatencyHigh").State.Alerts);

        h.Step(TimeSpan.FromMinutes(1), 1, () => h.Set("ach_latency_seconds", 0.2, ("service", "ach-svc")));
        Assert.Equal(TimeSpan.FromMinutes(15), h.Time.GetUtcNow() - resolvedAt);
        Assert.True(h.Alert("ACHLatencyHigh")!.IsResolved);

        h.Step(Interval, 1, () => h.Set("ach_latency_seconds", 0.2, ("service", "ach-svc")));
        Assert.Null(h.Alert("ACHLatencyHigh"));
        Assert.Empty(h.Rule("ACHLatencyHigh").State.Alerts);
    }

    [Fact]
    public void Recording_rule_output_is_visible_to_later_rules_of_the_same_group_and_to_queries()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                rules:
                  - record: service:requests:sum
                    expr: sum by (service) (requests)
                    labels:
                      source: recorded
                  - alert: TooManyRequests
                    expr: service:requests:sum > 10
        """);
        h.Set("requests", 6, ("service", "api-gw"), ("instance", "a"));
        h.Set("requests", 7, ("service", "api-gw"), ("instance", "b"));
        h.Evaluate();

        var alert = h.Alert("TooManyRequests");
        Assert.NotNull(alert);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(13, alert.Value);
        Assert.Equal("recorded", alert.Labels.Get("source"));
        var recorded = Assert.Single(h.Query("service:requests:sum"));
        Assert.Equal(13, recorded.Value);
        Assert.Equal("api-gw", recorded.Labels.Get("service"));
    }

    [Fact]
    public void Restart_keeps_a_firing_alert_firing_with_its_original_active_at()
    {
        using var dir = new TempDirectory();
        var stateFile = dir.Combine(RuleStateFile.FileName);
        var first = new RuleEvaluatorHarness(stateFile: stateFile);
        first.Load(LatencyRule);
        first.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        first.Evaluate();
        first.Step(TimeSpan.FromMinutes(1), 1, () => first.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        Assert.True(first.Alert("ACHLatencyHigh")!.IsFiring);

        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(first.Time.GetUtcNow().AddSeconds(40));
        var second = new RuleEvaluatorHarness(clock, stateFile);
        second.Load(LatencyRule);
        second.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        second.Evaluate();

        var alert = second.Alert("ACHLatencyHigh")!;
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(RuleEvaluatorHarness.Start, alert.ActiveAt);
        Assert.Equal(RuleEvaluatorHarness.Start.AddMinutes(1), alert.FiredAt);
    }

    [Fact]
    public void Restart_after_an_outage_longer_than_the_tolerance_starts_the_alert_afresh()
    {
        using var dir = new TempDirectory();
        var stateFile = dir.Combine(RuleStateFile.FileName);
        var first = new RuleEvaluatorHarness(stateFile: stateFile);
        first.Load(LatencyRule);
        first.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        first.Evaluate();
        first.Step(TimeSpan.FromMinutes(1), 1, () => first.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        Assert.True(first.Alert("ACHLatencyHigh")!.IsFiring);

        var restartAt = first.Time.GetUtcNow().AddHours(2);
        var second = new RuleEvaluatorHarness(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(restartAt), stateFile);
        second.Load(LatencyRule);
        second.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        second.Evaluate();

        var alert = second.Alert("ACHLatencyHigh")!;
        Assert.Equal(AlertState.Pending, alert.State);
        Assert.Equal(restartAt, alert.ActiveAt);
    }

    [Fact]
    public void Damaged_state_file_starts_afresh_instead_of_failing()
    {
        using var dir = new TempDirectory();
        var stateFile = dir.Combine(RuleStateFile.FileName);
        File.WriteAllText(stateFile, "{not json");
        var h = new RuleEvaluatorHarness(stateFile: stateFile);
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();

        Assert.Equal(AlertState.Pending, h.Alert("ACHLatencyHigh")!.State);
    }

    [Fact]
    public void Invalid_new_version_of_a_file_is_reported_and_its_previous_version_stays_in_force()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();

        h.Evaluator.Load([RuleEvaluatorHarness.File(LatencyRule.Replace("for: 1m", "for: 1 minute"))]);
        var file = Assert.Single(h.Evaluator.Files);
        Assert.True(file.HasProblem);
        Assert.Contains("for: not a valid duration", Assert.Single(file.Errors));
        Assert.Equal("latency", Assert.Single(file.Groups).Name);

        h.Step(TimeSpan.FromMinutes(1), 1, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));
        Assert.True(h.Alert("ACHLatencyHigh")!.IsFiring);

        h.Load(LatencyRule);
        Assert.False(Assert.Single(h.Evaluator.Files).HasProblem);
    }

    [Fact]
    public void File_that_never_loaded_is_reported_and_evaluates_nothing()
    {
        var h = new RuleEvaluatorHarness();
        h.Evaluator.Load([RuleEvaluatorHarness.File("groups: [", "rules/broken.yaml"), RuleEvaluatorHarness.File(LatencyRule)]);

        var broken = h.Evaluator.Files.Single(f => f.File == "rules/broken.yaml");
        Assert.False(broken.HasGoodVersion);
        Assert.Contains("invalid YAML", broken.Errors[0]);
        Assert.Single(h.Evaluator.Groups);
    }

    [Fact]
    public void Removing_a_group_removes_its_alerts_from_the_book()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();
        Assert.NotNull(h.Alert("ACHLatencyHigh"));

        h.Load("groups: []");

        Assert.Null(h.Alert("ACHLatencyHigh"));
        Assert.Empty(h.Evaluator.Groups);
    }

    [Fact]
    public void Reload_of_an_unchanged_rule_keeps_its_pending_alert()
    {
        var h = new RuleEvaluatorHarness();
        h.Load(LatencyRule);
        h.Set("ach_latency_seconds", 7, ("service", "ach-svc"));
        h.Evaluate();

        h.Load(LatencyRule.Replace("at {{ $value }}s", "is slow"));
        h.Step(TimeSpan.FromMinutes(1), 1, () => h.Set("ach_latency_seconds", 7, ("service", "ach-svc")));

        var alert = h.Alert("ACHLatencyHigh")!;
        Assert.True(alert.IsFiring);
        Assert.Equal(RuleEvaluatorHarness.Start, alert.ActiveAt);
        Assert.Equal("ach-svc is slow", alert.Annotations.Get("summary"));
    }

    [Fact]
    public void Group_limit_exceeded_marks_the_rule_unhealthy_and_drops_its_alerts()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                limit: 1
                rules:
                  - alert: Up
                    expr: up == 1
        """);
        h.Set("up", 1, ("instance", "a"));
        h.Set("up", 1, ("instance", "b"));
        h.Evaluate();

        var rule = h.Rule("Up");
        Assert.Equal(RuleHealth.Err, rule.Health);
        Assert.Equal("exceeded limit of 1 with 2 alerts", rule.LastError);
        Assert.Empty(rule.State.Alerts);
        Assert.Null(h.Alert("Up"));
    }

    [Fact]
    public void Group_interval_overrides_the_default_evaluation_interval()
    {
        var h = new RuleEvaluatorHarness(options: new RuleEvaluationOptions { EvaluationInterval = TimeSpan.FromSeconds(10) });
        h.Load("""
            groups:
              - name: slow
                interval: 1m
                rules:
                  - record: a
                    expr: vector(1)
              - name: default
                rules:
                  - record: b
                    expr: vector(1)
        """);

        var next = h.Evaluator.EvaluateDue(CancellationToken.None);

        Assert.Equal(RuleEvaluatorHarness.Start.AddSeconds(10), next);
        Assert.Equal(TimeSpan.FromMinutes(1), h.Evaluator.Groups.Single(g => g.Name == "slow").Interval);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Evaluate();
        Assert.Equal(RuleEvaluatorHarness.Start, h.Rule("a").LastEvaluation);
        Assert.Equal(RuleEvaluatorHarness.Start.AddSeconds(10), h.Rule("b").LastEvaluation);
    }

    [Fact]
    public void Keep_firing_for_holds_a_firing_alert_after_its_condition_clears()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                rules:
                  - alert: Flapping
                    expr: errors > 0
                    keep_firing_for: 1m
        """);
        h.Set("errors", 1);
        h.Evaluate();
        Assert.True(h.Alert("Flapping")!.IsFiring);

        h.Step(Interval, 4, () => h.Set("errors", 0));
        Assert.True(h.Alert("Flapping")!.IsFiring);

        h.Step(Interval, 1, () => h.Set("errors", 0));
        Assert.True(h.Alert("Flapping")!.IsResolved);
    }

    [Fact]
    public void Query_error_is_reported_as_the_rules_last_error()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                rules:
                  - alert: Joined
                    expr: a * on(job) b
        """);
        h.Set("a", 1, ("job", "x"), ("instance", "1"));
        h.Set("a", 1, ("job", "x"), ("instance", "2"));
        h.Set("b", 1, ("job", "x"));
        h.Evaluate();

        var rule = h.Rule("Joined");
        Assert.Equal(RuleHealth.Err, rule.Health);
        Assert.Contains("group_left", rule.LastError);
    }
}
