using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Receivers;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Notifications;

public sealed class PayloadShapeTests
{
    private const string ExternalUrl = "http://console.example:5080/";

    private static NotificationView View(Notification notification, bool sendResolved = true) =>
        NotificationView.For(notification, sendResolved, ExternalUrl)!;

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void PagerDutyTrigger_HasEveryEventsV2FieldFromTheGroup()
    {
        var notification = SampleNotifications.Firing("n1");
        var json = PagerDutyPayload.Render(View(notification));

        Assert.Equal("trigger", json["event_action"]!.GetValue<string>());
        Assert.Equal(Sha256Hex(notification.GroupKey), json["dedup_key"]!.GetValue<string>());
        Assert.Equal(64, json["dedup_key"]!.GetValue<string>().Length);
        var payload = json["payload"]!.AsObject();
        Assert.Equal("[FIRING:1] ACHLatencyHigh (ach-svc critical): p95 latency over 5 s", payload["summary"]!.GetValue<string>());
        Assert.Equal("ach-svc", payload["source"]!.GetValue<string>());
        Assert.Equal("critical", payload["severity"]!.GetValue<string>());
        Assert.Equal("2026-11-25T10:00:00Z", payload["timestamp"]!.GetValue<string>());
        Assert.Equal("ach-svc", payload["component"]!.GetValue<string>());
        Assert.Equal("ACHLatencyHigh", payload["class"]!.GetValue<string>());
        Assert.False(payload.ContainsKey("group"), "no team or job label: left out rather than null");
        var details = payload["custom_details"]!.AsObject();
        Assert.Equal(1, details["num_firing"]!.GetValue<int>());
        Assert.Equal(0, details["num_resolved"]!.GetValue<int>());
        Assert.Contains("ACHLatencyHigh", details["firing"]![0]!.GetValue<string>());
        Assert.Equal("HMS-OPS Console", json["client"]!.GetValue<string>());
        Assert.Equal("http://console.example:5080/alerts", json["client_url"]!.GetValue<string>());
        var links = json["links"]!.AsArray();
        Assert.Equal(SampleNotifications.RunbookUrl, links[0]!["href"]!.GetValue<string>());
        Assert.Equal("Runbook", links[0]!["text"]!.GetValue<string>());
        Assert.Equal("http://console.example:5080/alerts", links[1]!["href"]!.GetValue<string>());
        Assert.False(json.ContainsKey("routing_key"), "the stored payload never holds the routing key");
    }

    [Fact]
    public void PagerDutyResolve_UsesTheSameDedupKeyAsItsTrigger()
    {
        var trigger = PagerDutyPayload.Render(View(SampleNotifications.Firing("n1")));
        var resolve = PagerDutyPayload.Render(View(SampleNotifications.Resolved("n2")));

        Assert.Equal("resolve", resolve["event_action"]!.GetValue<string>());
        Assert.Equal(trigger["dedup_key"]!.GetValue<string>(), resolve["dedup_key"]!.GetValue<string>());
        Assert.StartsWith("[RESOLVED] ACHLatencyHigh", resolve["payload"]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public void PagerDutySummary_IsCutTo1024Characters()
    {
        var alert = SampleNotifications.Alert(summary: new string('x', 5000));
        var json = PagerDutyPayload.Render(View(SampleNotifications.Firing("n1", alerts: alert)));
        var summary = json["payload"]!["summary"]!.GetValue<string>();
        Assert.Equal(1024, summary.Length);
        Assert.EndsWith("…", summary);
    }

    [Theory]
    [InlineData("critical", "critical")]
    [InlineData("error", "error")]
    [InlineData("warning", "warning")]
    [InlineData("info", "info")]
    [InlineData("WARNING", "warning")]
    [InlineData("page", "critical")]
    [InlineData("whatever", "error")]
    [InlineData(null, "error")]
    public void PagerDutySeverity_IsMappedFromTheSeverityLabel(string? label, string expected) =>
        Assert.Equal(expected, PagerDutyPayload.SeverityOf(label));

    [Fact]
    public void PagerDutyRoutingKey_IsAddedFirstWhenSent()
    {
        var stored = PagerDutyPayload.Render(View(SampleNotifications.Firing("n1"))).ToJsonString();
        var sent = JsonNode.Parse(PagerDutyPayload.WithRoutingKey(stored, "KEY123"))!.AsObject();
        Assert.Equal("routing_key", sent.First().Key);
        Assert.Equal("KEY123", sent["routing_key"]!.GetValue<string>());
        Assert.Equal("trigger", sent["event_action"]!.GetValue<string>());
    }

    [Fact]
    public void WebhookPayload_IsAlertmanagersVersion4FieldForField()
    {
        var resolvedAt = SampleNotifications.Start.AddMinutes(1).AddMilliseconds(250);
        var firing = SampleNotifications.Alert(service: "ach-svc");
        var resolved = SampleNotifications.Alert(service: "api-gw", state: AlertState.Inactive, resolvedAt: resolvedAt);
        var notification = SampleNotifications.Firing("n1", alerts: [firing, resolved]);
        var json = AlertmanagerWebhookPayload.Render(View(notification), maxAlerts: 0);

        Assert.Equal(["receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations", "externalURL",
            "version", "groupKey", "truncatedAlerts"], json.Select(p => p.Key).ToArray());
        Assert.Equal("oncall", json["receiver"]!.GetValue<string>());
        Assert.Equal("firing", json["status"]!.GetValue<string>());
        Assert.Equal("4", json["version"]!.GetValue<string>());
        Assert.Equal(notification.GroupKey, json["groupKey"]!.GetValue<string>());
        Assert.Equal(0, json["truncatedAlerts"]!.GetValue<int>());
        Assert.Equal("http://console.example:5080", json["externalURL"]!.GetValue<string>());
        Assert.Equal("""{"alertname":"ACHLatencyHigh"}""", json["groupLabels"]!.ToJsonString());
        Assert.Equal("""{"alertname":"ACHLatencyHigh","severity":"critical"}""", json["commonLabels"]!.ToJsonString());
        Assert.Equal(SampleNotifications.RunbookUrl, json["commonAnnotations"]!["runbook"]!.GetValue<string>());

        var alerts = json["alerts"]!.AsArray();
        Assert.Equal(2, alerts.Count);
        var first = alerts[0]!.AsObject();
        Assert.Equal(["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"], first.Select(p => p.Key).ToArray());
        Assert.Equal("firing", first["status"]!.GetValue<string>());
        Assert.Equal("ach-svc", first["labels"]!["service"]!.GetValue<string>());
        Assert.Equal("p95 latency over 5 s", first["annotations"]!["summary"]!.GetValue<string>());
        Assert.Equal("2026-11-25T09:58:00Z", first["startsAt"]!.GetValue<string>());
        Assert.Equal("0001-01-01T00:00:00Z", first["endsAt"]!.GetValue<string>());
        Assert.Equal(firing.GeneratorUrl, first["generatorURL"]!.GetValue<string>());
        Assert.Equal(firing.Fingerprint, first["fingerprint"]!.GetValue<string>());
        Assert.Equal(AlertFingerprint.Of(firing.Labels), first["fingerprint"]!.GetValue<string>());
        var second = alerts[1]!.AsObject();
        Assert.Equal("resolved", second["status"]!.GetValue<string>());
        Assert.Equal("2026-11-25T10:01:00.25Z", second["endsAt"]!.GetValue<string>());
    }

    [Fact]
    public void WebhookPayload_TruncatesToMaxAlertsAndSaysHowMany()
    {
        var alerts = Enumerable.Range(1, 5).Select(i => SampleNotifications.Alert(service: $"svc-{i}")).ToArray();
        var json = AlertmanagerWebhookPayload.Render(View(SampleNotifications.Firing("n1", alerts: alerts)), maxAlerts: 2);
        Assert.Equal(2, json["alerts"]!.AsArray().Count);
        Assert.Equal(3, json["truncatedAlerts"]!.GetValue<int>());
    }

    [Fact]
    public void WithoutSendResolved_ResolvedAlertsAreLeftOut_AndResolvedNotificationsAreNotSent()
    {
        var firing = SampleNotifications.Alert(service: "ach-svc");
        var resolved = SampleNotifications.Alert(service: "api-gw", state: AlertState.Inactive, resolvedAt: SampleNotifications.Start);
        var view = NotificationView.For(SampleNotifications.Firing("n1", alerts: [firing, resolved]), sendResolved: false, ExternalUrl)!;
        Assert.Equal([firing], view.Alerts);
        Assert.Null(NotificationView.For(SampleNotifications.Resolved("n2"), sendResolved: false, ExternalUrl));
    }

    [Fact]
    public void SlackMessage_HasChannelTextAndAReadableAttachment()
    {
        var json = SlackPayload.Render(View(SampleNotifications.Firing("n1")), "#oncall");

        Assert.Equal("#oncall", json["channel"]!.GetValue<string>());
        Assert.Equal("[FIRING:1] ACHLatencyHigh (ach-svc critical)", json["text"]!.GetValue<string>());
        var attachment = json["attachments"]![0]!.AsObject();
        Assert.Equal("danger", attachment["color"]!.GetValue<string>());
        Assert.Equal("[FIRING:1] ACHLatencyHigh (ach-svc critical)", attachment["title"]!.GetValue<string>());
        Assert.Equal("http://console.example:5080/alerts", attachment["title_link"]!.GetValue<string>());
        Assert.Equal($"*FIRING* ACHLatencyHigh · severity critical · service ach-svc — p95 latency over 5 s · <{SampleNotifications.RunbookUrl}|Runbook>",
            attachment["text"]!.GetValue<string>());
        Assert.Equal("[FIRING:1] ACHLatencyHigh (ach-svc critical)", attachment["fallback"]!.GetValue<string>());
    }

    [Fact]
    public void SlackMessage_WithoutChannel_LeavesItOut_AndEscapesControlCharacters()
    {
        var alert = SampleNotifications.Alert(summary: "queue <b> & more");
        var json = SlackPayload.Render(View(SampleNotifications.Resolved("n1") with { Alerts = [alert with { State = AlertState.Inactive }] }), null);
        Assert.False(json.ContainsKey("channel"));
        Assert.Equal("good", json["attachments"]![0]!["color"]!.GetValue<string>());
        Assert.Contains("*RESOLVED* ACHLatencyHigh", json["attachments"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("queue &lt;b&gt; &amp; more", json["attachments"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Email_HasSubjectPlainTextAndEscapedHtml()
    {
        var alert = SampleNotifications.Alert(summary: "latency <high>");
        var email = EmailContent.Render(View(SampleNotifications.Firing("n1", alerts: alert)));

        Assert.Equal("[FIRING:1] ACHLatencyHigh (ach-svc critical)", email.Subject);
        Assert.Contains("- ACHLatencyHigh (severity critical, service ach-svc): latency <high>", email.Text);
        Assert.Contains("runbook: " + SampleNotifications.RunbookUrl, email.Text);
        Assert.Contains("Console: http://console.example:5080/alerts", email.Text);
        Assert.Contains("latency &lt;high&gt;", email.Html);
        Assert.Contains($"<a href=\"{SampleNotifications.RunbookUrl}\">Runbook</a>", email.Html);
    }

    [Fact]
    public void GroupKeysDifferingOnlyInReceiverPath_GetDifferentDedupKeys() =>
        Assert.NotEqual(NotificationView.DedupKeyOf("{}/{a=\"1\"}:{alertname=\"X\"}"), NotificationView.DedupKeyOf("{}/{a=\"2\"}:{alertname=\"X\"}"));

    [Fact]
    public void RelativeRunbooks_AreNotLinked() =>
        Assert.Null(NotificationView.RunbookUrlOf(LabelSet.From(("runbook", "runbooks/ach_latency.md"))));
}
