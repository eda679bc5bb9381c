using System.Text.Json.Nodes;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>What the loopback receivers actually get over the wire.</summary>
public sealed class ReceiverDeliveryTests
{
    [Fact]
    public async Task PagerDuty_GetsTheRoutingKeyAndOneTriggerThenOneResolveUnderOneDedupKey()
    {
        const string routingKey = "R0UTINGKEY0123456789abcdef012345";
        using var receiver = new LoopbackHttpReceiver("/v2/enqueue");
        using var harness = new DeliveryHarness(DeliveryHarness.PagerDutyOptions(receiver.Url, routingKey));

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        await harness.EnqueueAsync(SampleNotifications.Resolved("n2"));
        await harness.DeliverAllAsync();

        var events = receiver.Requests.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToArray();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e["event_action"]!.GetValue<string>()).ToArray());
        Assert.All(events, e => Assert.Equal(routingKey, e["routing_key"]!.GetValue<string>()));
        Assert.Single(events.Select(e => e["dedup_key"]!.GetValue<string>()).Distinct());
        Assert.Equal("/v2/enqueue", receiver.Requests.First().Path);
        Assert.StartsWith("application/json", receiver.Requests.First().Headers["Content-Type"]);
        Assert.DoesNotContain(routingKey, string.Join("\n", harness.WorkerLog.Entries.Select(e => e.Message)));
        Assert.DoesNotContain(harness.Ledger, r => (r.LastError ?? "").Contains(routingKey));
    }

    [Fact]
    public async Task Webhook_GetsTheBearerTokenAndTheVersion4Payload()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url, hook => hook.BearerToken = "t0ken-abc"));

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        await harness.DeliverAllAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("Bearer t0ken-abc", request.Headers["Authorization"]);
        Assert.Equal("n1/oncall/webhook/0", request.Headers["Idempotency-Key"]);
        var json = JsonNode.Parse(request.Body)!;
        Assert.Equal("4", json["version"]!.GetValue<string>());
        Assert.Equal("oncall", json["receiver"]!.GetValue<string>());
    }

    [Fact]
    public async Task Slack_GetsTheMessageAtItsWebhookUrl()
    {
        using var receiver = new LoopbackHttpReceiver("/services/T000/B000/XXXX");
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions { Name = "chat", SlackConfigs = [new SlackReceiverOptions { ApiUrl = receiver.Url, Channel = "#ops" }] }],
        };
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("n1", receiver: "chat"));
        await harness.DeliverAllAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/services/T000/B000/XXXX", request.Path);
        Assert.Equal("#ops", JsonNode.Parse(request.Body)!["channel"]!.GetValue<string>());
        Assert.Equal(DeliveryStatus.Delivered, harness.Ledger.Single().Status);
    }

    [Fact]
    public async Task Email_ArrivesThroughSmtpWithSubjectAndBothBodies()
    {
        using var smtp = new LoopbackSmtpServer();
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions
            {
                Name = "mail",
                EmailConfigs = [new EmailReceiverOptions
                {
                    To = "oncall@agency.example, lead@agency.example",
                    From = "hms-ops@agency.example",
                    Smarthost = $"127.0.0.1:{smtp.Port}",
                    RequireTls = false,
                }],
            }],
        };
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("n1", receiver: "mail"));
        await harness.DeliverAllAsync();

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("<hms-ops@agency.example>", mail.MailFrom);
        Assert.Equal(["<oncall@agency.example>", "<lead@agency.example>"], mail.RcptTo);
        Assert.Contains("Subject: [FIRING:1] ACHLatencyHigh (ach-svc critical)", mail.Data);
        Assert.Contains("Content-Type: text/plain", mail.Data);
        Assert.Contains("Content-Type: text/html", mail.Data);
        Assert.Contains("p95 latency over 5 s", mail.Data);
        Assert.Equal(DeliveryStatus.Delivered, harness.Ledger.Single().Status);
    }

    [Fact]
    public async Task Email_RequiringTlsFromAServerWithoutStartTls_FailsAsAConfigurationError_WithoutSendingInClear()
    {
        using var smtp = new LoopbackSmtpServer();
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions
            {
                Name = "mail",
                EmailConfigs = [new EmailReceiverOptions
                {
                    To = "oncall@agency.example", From = "hms-ops@agency.example",
                    Smarthost = $"127.0.0.1:{smtp.Port}", RequireTls = true,
                }],
            }],
        };
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("n1", receiver: "mail"));
        await harness.DeliverAllAsync();

        Assert.Empty(smtp.Messages);
        var record = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("configuration error", record.LastError);
    }

    [Fact]
    public async Task Email_ToAnUnreachableServer_IsRetried()
    {
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions
            {
                Name = "mail",
                EmailConfigs = [new EmailReceiverOptions
                {
                    To = "oncall@agency.example", From = "hms-ops@agency.example",
                    Smarthost = $"127.0.0.1:{LoopbackHttpReceiver.FreePort()}", RequireTls = false,
                }],
            }],
        };
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("n1", receiver: "mail"));
        await harness.Worker.RunDueAsync(CancellationToken.None);

        var record = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.Pending, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Contains("SMTP transport error", record.LastError);
    }
}
