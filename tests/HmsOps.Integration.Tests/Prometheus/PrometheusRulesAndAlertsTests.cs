using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.Prometheus;

[Collection(PrometheusServerCollection.Name)]
public sealed class PrometheusRulesAndAlertsTests(PrometheusServerFixture prometheus)
{
    private IPrometheusApi Api => prometheus.Api;

    [Fact]
    public async Task Rules_list_the_recording_and_alerting_rule_of_the_rule_file()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.GetRulesAsync(),
            r => r.Data!.Groups is [{ Rules: [{ Health: "ok" }, { Health: "ok", State: "firing" }] }],
            "both rules to be evaluated");

        var group = Assert.Single(reply.Data!.Groups);
        Assert.Equal(PrometheusServerFixture.RuleGroup, group.Name);
        Assert.EndsWith("rules.yml", group.File, StringComparison.Ordinal);
        Assert.Equal(1d, group.IntervalSeconds);
        Assert.True(group.LastEvaluation > DateTimeOffset.UnixEpoch);

        var recording = group.Rules[0];
        Assert.Equal("recording", recording.Type);
        Assert.False(recording.IsAlerting);
        Assert.Equal(PrometheusServerFixture.RecordingRule, recording.Name);
        Assert.Equal("sum(up)", recording.Query);
        Assert.Null(recording.State);

        var alerting = group.Rules[1];
        Assert.True(alerting.IsAlerting);
        Assert.Equal(PrometheusServerFixture.AlertingRule, alerting.Name);
        Assert.Equal("vector(1) > 0", alerting.Query);
        Assert.Equal(0d, alerting.DurationSeconds);
        Assert.Equal("info", alerting.Labels!["severity"]);
        Assert.Equal(PrometheusServerFixture.AlertingRule, Assert.Single(alerting.Alerts!).Labels["alertname"]);
    }

    [Fact]
    public async Task Rules_filtered_by_type_return_only_that_kind()
    {
        await prometheus.EventuallyAsync(
            () => Api.GetRulesAsync(),
            r => r.Data!.Groups.Count > 0,
            "the rule group to load");

        var recordingOnly = await Api.GetRulesAsync(type: "record");

        var rule = Assert.Single(Assert.Single(recordingOnly.Data!.Groups).Rules);
        Assert.Equal(PrometheusServerFixture.RecordingRule, rule.Name);
    }

    [Fact]
    public async Task Alerts_return_the_firing_alert_with_its_labels_and_annotations()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.GetAlertsAsync(),
            r => r.Data!.Alerts.Any(a => a.State == "firing"),
            "the fixture alert to fire");

        var alert = Assert.Single(reply.Data!.Alerts);
        Assert.Equal(PrometheusServerFixture.AlertingRule, alert.Labels["alertname"]);
        Assert.Equal("info", alert.Labels["severity"]);
        Assert.StartsWith("Always firing", alert.Annotations["summary"], StringComparison.Ordinal);
        Assert.True(alert.ActiveAt > DateTimeOffset.UnixEpoch, $"activeAt was {alert.ActiveAt}");
        Assert.Equal(1d, alert.NumericValue);
    }

    [Fact]
    public async Task Recording_rule_output_is_queryable()
    {
        var reply = await prometheus.EventuallyAsync(
            () => Api.QueryAsync(PrometheusServerFixture.RecordingRule),
            r => r.Data is { Vector.Count: > 0 },
            "the recording rule to write a sample");

        Assert.Equal(1d, Assert.Single(reply.Data!.Vector).Value.Value);
    }
}
