using HmsOps.Core.Alerting;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Alerting;

public sealed class AlertSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly AlertingRule Rule = new(
        "ACHLatencyHigh",
        TimeSpan.FromMinutes(3),
        TimeSpan.Zero,
        new Dictionary<string, string> { ["severity"] = "critical" },
        new Dictionary<string, string>());

    private static AlertRuleState Run(params (DateTimeOffset At, string[] Services)[] evaluations)
    {
        var state = AlertRuleState.Empty;
        foreach (var (at, services) in evaluations)
        {
            var samples = services
                .Select(s => new VectorSample(LabelSet.From(("__name__", "lat"), ("service", s)), 0, 4))
                .ToList();
            state = AlertRuleStateMachine.Evaluate(Rule, state, samples, at).State;
        }
        return state;
    }

    [Fact]
    public void Pending_and_firing_alerts_write_alerts_and_for_state_series()
    {
        var state = Run((Start, ["ach"]), (Start + TimeSpan.FromMinutes(3), ["ach", "wire"]));
        var now = Start + TimeSpan.FromMinutes(3);

        var series = AlertSeries.Build(Rule, state, now).ToDictionary(s => s.Labels.Key, s => s.Value);

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["{__name__=\"ALERTS\",alertname=\"ACHLatencyHigh\",alertstate=\"firing\",service=\"ach\",severity=\"critical\"}"] = 1,
                ["{__name__=\"ALERTS_FOR_STATE\",alertname=\"ACHLatencyHigh\",service=\"ach\",severity=\"critical\"}"] = Start.ToUnixTimeSeconds(),
                ["{__name__=\"ALERTS\",alertname=\"ACHLatencyHigh\",alertstate=\"pending\",service=\"wire\",severity=\"critical\"}"] = 1,
                ["{__name__=\"ALERTS_FOR_STATE\",alertname=\"ACHLatencyHigh\",service=\"wire\",severity=\"critical\"}"] = now.ToUnixTimeSeconds(),
            },
            series);
        Assert.All(AlertSeries.Build(Rule, state, now), s => Assert.Equal(now.ToUnixTimeMilliseconds(), s.TimestampMs));
    }

    [Fact]
    public void Resolved_alerts_write_no_series()
    {
        var state = Run((Start, ["ach"]), (Start + TimeSpan.FromMinutes(3), ["ach"]), (Start + TimeSpan.FromMinutes(4), []));
        Assert.Equal(AlertState.Inactive, Assert.Single(state.Alerts).State);
        Assert.Empty(AlertSeries.Build(Rule, state, Start + TimeSpan.FromMinutes(4)));
    }
}
