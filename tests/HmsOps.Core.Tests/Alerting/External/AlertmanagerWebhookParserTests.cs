using System.Text;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Alerting.External;

public sealed class AlertmanagerWebhookParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 5, 0, TimeSpan.Zero);

    private static readonly LabelSet Labels = LabelSet.From(("alertname", "ACHLatencyHigh"), ("severity", "critical"), ("service", "ach-svc"));

    private static string Alert(string status = "firing", string? fingerprint = null, string endsAt = "0001-01-01T00:00:00Z") => $$"""
        {"status":"{{status}}","labels":{"alertname":"ACHLatencyHigh","severity":"critical","service":"ach-svc"},
         "annotations":{"runbook":"https://runbooks.gov/ops/ach_latency"},
         "startsAt":"2026-11-25T10:00:00.123456789Z","endsAt":"{{endsAt}}",
         "generatorURL":"http://prometheus:9090/graph?g0.expr=x","fingerprint":"{{fingerprint ?? AlertFingerprint.Of(Labels)}}"}
        """;

    private static string Payload(string alerts, string status = "firing", string version = "4") => $$"""
        {"version":"{{version}}","groupKey":"{}:{alertname=\"ACHLatencyHigh\"}","truncatedAlerts":0,"status":"{{status}}",
         "receiver":"console","groupLabels":{"alertname":"ACHLatencyHigh"},"commonLabels":{"alertname":"ACHLatencyHigh"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{{alerts}}]}
        """;

    private static AlertmanagerWebhookResult Parse(string json, int maxAlerts = 100) =>
        AlertmanagerWebhookParser.Parse(Encoding.UTF8.GetBytes(json), maxAlerts, Now);

    [Fact]
    public void A_firing_alert_becomes_a_firing_console_alert_from_alertmanager()
    {
        var result = Parse(Payload(Alert()));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var alert = Assert.Single(result.Alerts);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(AlertOrigin.Alertmanager, alert.Origin);
        Assert.Equal(AlertFingerprint.Of(Labels), alert.Fingerprint);
        Assert.Equal(Labels, alert.Labels);
        Assert.Equal("https://runbooks.gov/ops/ach_latency", alert.Annotations.Get("runbook"));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), alert.ActiveAt);
        Assert.Null(alert.ResolvedAt);
        Assert.Equal("http://prometheus:9090/graph?g0.expr=x", alert.GeneratorUrl);
        Assert.Equal("Alertmanager http://alertmanager:9093", alert.Source);
    }

    [Fact]
    public void A_resolved_alert_is_inactive_and_resolved_at_its_end_time()
    {
        var result = Parse(Payload(Alert("resolved", endsAt: "2026-11-25T10:04:00Z"), "resolved"));

        var alert = Assert.Single(result.Alerts);
        Assert.True(alert.IsResolved);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 4, 0, TimeSpan.Zero), alert.ResolvedAt);
    }

    [Theory]
    [InlineData("""{"status":"firing","alerts":[]}""", "version", "is required")]
    [InlineData("""{"version":"3","status":"firing","alerts":[]}""", "version", "only version 4")]
    [InlineData("""{"version":"4","status":"burning","alerts":[]}""", "status", "firing or resolved")]
    [InlineData("""{"version":"4","status":"firing"}""", "alerts", "is required")]
    [InlineData("""{"version":"4","status":"firing","alerts":{}}""", "alerts", "must be an array")]
    [InlineData("""{"version":"4","status":"firing","truncatedAlerts":-1,"alerts":[]}""", "truncatedAlerts", "0 or more")]
    [InlineData("""{"version":"4","status":"firing","commonLabels":{"a":1},"alerts":[]}""", "commonLabels.a", "must be a string")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","startsAt":"2026-11-25T10:00:00Z"}]}""", "alerts[0].labels", "is required")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{},"startsAt":"2026-11-25T10:00:00Z"}]}""", "alerts[0].labels", "at least one")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":"yesterday"}]}""", "alerts[0].startsAt", "RFC 3339")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":"0001-01-01T00:00:00Z"}]}""", "alerts[0].startsAt", "zero time")]
    [InlineData("""{"version":"4","status":"resolved","alerts":[{"status":"resolved","labels":{"a":"b"},"startsAt":"2026-11-25T10:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""", "alerts[0].endsAt", "time it ended")]
    [InlineData("""{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"},"annotations":{"x":[1]},"startsAt":"2026-11-25T10:00:00Z"}]}""", "alerts[0].annotations.x", "must be a string")]
    [InlineData("""[1]""", "body", "JSON object")]
    [InlineData("""{"version":""", "body", "not valid JSON")]
    public void A_bad_payload_is_refused_naming_the_field(string json, string field, string reason)
    {
        var result = Parse(json);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Alerts);
        Assert.Contains(result.Errors, e => e.Field == field && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_fingerprint_that_does_not_match_the_labels_is_refused_and_nothing_else_is_kept()
    {
        var result = Parse(Payload(Alert() + "," + Alert(fingerprint: "0123456789abcdef")));

        Assert.False(result.Succeeded);
        Assert.Empty(result.Alerts);
        var error = Assert.Single(result.Errors);
        Assert.Equal("alerts[1].fingerprint", error.Field);
        Assert.Contains(AlertFingerprint.Of(Labels), error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void More_alerts_than_the_bound_are_refused()
    {
        var result = Parse(Payload(Alert() + "," + Alert()), maxAlerts: 1);

        Assert.Contains(result.Errors, e => e.Field == "alerts" && e.Reason.Contains("MaxAlertsPerRequest", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_members_are_ignored()
    {
        var json = Payload(Alert()).Replace("\"version\":\"4\"", "\"version\":\"4\",\"someday\":{\"new\":true}", StringComparison.Ordinal);

        Assert.True(Parse(json).Succeeded);
    }
}
