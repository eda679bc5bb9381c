using System.Text.Json.Nodes;
using HmsOps.Core.Notifications.Delivery;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Tests.Notifications;

public sealed class DeliveryRetryTests
{
    [Fact]
    public async Task ReceiverFailingWith500ThenRecovering_GetsEveryNotificationExactlyOnce()
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer = (n, _) => n <= 7 ? new ScriptedAnswer(500, "upstream down") : new ScriptedAnswer(200);
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url));

        string[] ids = ["n1", "n2", "n3", "n4", "n5"];
        await harness.EnqueueAsync(SampleNotifications.Firing("n1", group: "ACHLatencyHigh"));
        await harness.EnqueueAsync(SampleNotifications.Firing("n2", group: "ApiGatewayErrors"));
        await harness.EnqueueAsync(SampleNotifications.Firing("n3", group: "ClaimsBacklog"));
        await harness.EnqueueAsync(SampleNotifications.Resolved("n4", group: "ACHLatencyHigh"));
        await harness.EnqueueAsync(SampleNotifications.Firing("n5", group: "DiskFull"));
        await harness.DeliverAllAsync();

        harness.AssertEachArrivedOnce(ids, receiver.Accepted.Select(r => r.Headers["Idempotency-Key"].Split('/')[0]));
        Assert.All(harness.Ledger, record => Assert.Equal(DeliveryStatus.Delivered, record.Status));
        Assert.Contains(harness.Ledger, record => record.Attempts > 1);
        Assert.True(receiver.Requests.Count > ids.Length, "the receiver's 500s were retried");
    }

    [Fact]
    public async Task ResolveNeverOvertakesItsTrigger_WhileTheTriggerIsRetried()
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer = (n, _) => n <= 3 ? new ScriptedAnswer(503) : new ScriptedAnswer(200);
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url));

        await harness.EnqueueAsync(SampleNotifications.Firing("trigger"));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        await harness.EnqueueAsync(SampleNotifications.Resolved("resolve"));
        await harness.DeliverAllAsync();

        var statuses = receiver.Requests.Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>()).ToArray();
        Assert.Equal(["firing", "firing", "firing", "firing", "resolved"], statuses);
    }

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfterBeforeTheNextAttempt()
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer = (n, _) => n == 1 ? new ScriptedAnswer(429, "slow down", TimeSpan.FromSeconds(120)) : new ScriptedAnswer(202);
        using var harness = new DeliveryHarness(DeliveryHarness.PagerDutyOptions(receiver.Url));

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Single(receiver.Requests);
        Assert.Equal(SampleNotifications.Start.AddSeconds(120), harness.Ledger.Single().NextAttemptAt);

        harness.Time.Advance(TimeSpan.FromSeconds(119));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Single(receiver.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, receiver.Requests.Count);
        var record = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.Delivered, record.Status);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(SampleNotifications.Start.AddSeconds(120), record.DeliveredAt);
    }

    [Fact]
    public async Task BadRequest_IsNotRetried_AndIsMarkedFailedAsAConfigurationErrorWithoutTheRoutingKey()
    {
        const string routingKey = "SECRETROUTINGKEY000000000000000a";
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer = (_, _) => new ScriptedAnswer(400,
            $$"""{"status":"invalid event","message":"Event object is invalid","errors":["routing_key {{routingKey}} is wrong"]}""");
        using var harness = new DeliveryHarness(DeliveryHarness.PagerDutyOptions(receiver.Url, routingKey));

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        await harness.DeliverAllAsync();
        harness.Time.Advance(TimeSpan.FromHours(2));
        await harness.Worker.RunDueAsync(CancellationToken.None);

        Assert.Single(receiver.Requests);
        var record = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Contains("configuration error", record.LastError);
        Assert.Contains("HTTP 400", record.LastError);
        Assert.Contains("Event object is invalid", record.LastError);
        Assert.DoesNotContain(routingKey, record.LastError);
        var logged = harness.WorkerLog.Entries.Single(e => e.Level == LogLevel.Error).Message;
        Assert.Contains("configuration error", logged);
        Assert.DoesNotContain(routingKey, string.Join("\n", harness.WorkerLog.Entries.Select(e => e.Message)));
    }

    [Fact]
    public async Task OtherClientErrors_AreNotRetried()
    {
        using var receiver = new LoopbackHttpReceiver();
        receiver.Answer = (_, _) => new ScriptedAnswer(404, "no such hook");
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url));

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        await harness.DeliverAllAsync();

        Assert.Single(receiver.Requests);
        Assert.Equal(DeliveryStatus.Failed, harness.Ledger.Single().Status);
        Assert.Contains("HTTP 404", harness.Ledger.Single().LastError);
    }

    [Fact]
    public async Task TransportErrors_AreRetriedWithGrowingBackoff_AndGivenUpAfterGiveUpAfter()
    {
        var port = LoopbackHttpReceiver.FreePort(); // nothing listens there: connection refused
        var options = DeliveryHarness.WebhookOptions($"http://127.0.0.1:{port}/hook");
        options.Outbox.GiveUpAfter = TimeSpan.FromMinutes(30);
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));
        var waits = new List<TimeSpan>();
        await harness.Worker.RunDueAsync(CancellationToken.None);
        while (harness.Ledger.Single().NextAttemptAt is { } next)
        {
            waits.Add(next - harness.Time.GetUtcNow());
            harness.Time.SetUtcNow(next);
            await harness.Worker.RunDueAsync(CancellationToken.None);
        }

        var record = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.GivenUp, record.Status);
        Assert.Contains("transport error", record.LastError);
        Assert.Equal(SampleNotifications.Start + options.Outbox.GiveUpAfter, harness.Time.GetUtcNow());
        // Full jitter at its midpoint: 0.5 s, 1 s, 2 s, ... doubling up to half of MaxBackoff.
        Assert.Equal(TimeSpan.FromSeconds(0.5), waits[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[1]);
        Assert.Equal(TimeSpan.FromSeconds(2), waits[2]);
        Assert.Contains(TimeSpan.FromMinutes(2.5), waits);
        Assert.DoesNotContain(waits, w => w > TimeSpan.FromMinutes(2.5));
    }

    [Fact]
    public async Task RateLimit_HoldsPagerDutyToItsEventsPerMinutePerRoutingKey()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var harness = new DeliveryHarness(DeliveryHarness.PagerDutyOptions(receiver.Url, perMinute: 2));
        foreach (var group in new[] { "A", "B", "C", "D", "E" })
        {
            await harness.EnqueueAsync(SampleNotifications.Firing("n-" + group, group: group));
        }

        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, receiver.Requests.Count);
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, receiver.Requests.Count);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Worker.RunDueAsync(CancellationToken.None);
        Assert.Equal(3, receiver.Requests.Count);
        await harness.DeliverAllAsync();
        Assert.Equal(5, receiver.Requests.Count);
        Assert.Equal(SampleNotifications.Start.AddSeconds(90), harness.Time.GetUtcNow());
        Assert.All(harness.Ledger, r => Assert.Equal(1, r.Attempts));
    }
}
