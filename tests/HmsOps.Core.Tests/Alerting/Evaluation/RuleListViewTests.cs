using HmsOps.Core.Alerting.Evaluation;

namespace HmsOps.Core.Tests.Alerting.Evaluation;

public sealed class RuleListViewTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(15, "15s")]
    [InlineData(180, "3m")]
    [InlineData(5400, "1h30m")]
    [InlineData(90061, "1d1h1m1s")]
    public void Durations_are_written_as_prometheus_writes_them(int seconds, string expected) =>
        Assert.Equal(expected, RuleListView.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Rows_show_for_labels_state_health_and_the_last_evaluation()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: x > 1
                    for: 3m
                    keep_firing_for: 1m
                    labels:
                      severity: critical
                      team: ach
        """);
        h.Set("x", 3);
        h.Evaluate();
        h.Time.Advance(TimeSpan.FromSeconds(20));

        var file = Assert.Single(RuleListView.Create(h.Evaluator.Files, h.Evaluator.Groups, h.Time.GetUtcNow()));
        var row = Assert.Single(Assert.Single(file.Groups).Rules);

        Assert.Equal("3m", row.For);
        Assert.Equal("1m", row.KeepFiringFor);
        Assert.Equal(["severity=critical", "team=ach"], row.Labels);
        Assert.Equal("pending", row.State);
        Assert.Equal(1, row.ActiveAlerts);
        Assert.Equal("ok", row.Health);
        Assert.Equal("20s ago (12:00:00 UTC)", row.LastEvaluation);
        Assert.Empty(file.Problems);
    }
}
