using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Tests.Notifications;

public sealed class OutboxTests
{
    [Fact]
    public async Task EnqueueingTheSameNotificationIdTwice_StoresAndSendsItOnce()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url));

        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1")));
        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1")));
        await harness.DeliverAllAsync();
        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1")));
        await harness.DeliverAllAsync();

        Assert.Single(harness.Ledger);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task OneRowPerIntegration_AndResolvedOnlyWhereSendResolved()
    {
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions
            {
                Name = "oncall",
                PagerDutyConfigs = [new PagerDutyReceiverOptions { RoutingKey = "k0000000000000000000000000000000" }],
                SlackConfigs = [new SlackReceiverOptions { ApiUrl = "http://127.0.0.1:9/slack", SendResolved = false }],
                WebhookConfigs = [new WebhookReceiverOptions { Url = "http://127.0.0.1:9/a" }, new WebhookReceiverOptions { Url = "http://127.0.0.1:9/b" }],
            }],
        };
        using var harness = new DeliveryHarness(options);

        await harness.EnqueueAsync(SampleNotifications.Firing("fire"));
        await harness.EnqueueAsync(SampleNotifications.Resolved("resolve"));

        Assert.Equal(["oncall/pagerduty/0", "oncall/slack/0", "oncall/webhook/0", "oncall/webhook/1"],
            harness.Ledger.Where(r => r.NotificationId == "fire").Select(r => r.Integration.Key).Order().ToArray());
        Assert.Equal(["oncall/pagerduty/0", "oncall/webhook/0", "oncall/webhook/1"],
            harness.Ledger.Where(r => r.NotificationId == "resolve").Select(r => r.Integration.Key).Order().ToArray());
    }

    [Fact]
    public async Task AFullOutbox_RefusesNewNotifications()
    {
        var options = DeliveryHarness.WebhookOptions("http://127.0.0.1:9/hook");
        options.Outbox.MaxPending = 2;
        using var harness = new DeliveryHarness(options);

        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1", group: "A")));
        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n2", group: "B")));
        Assert.False(await harness.EnqueueAsync(SampleNotifications.Firing("n3", group: "C")));

        Assert.Equal(2, harness.Ledger.Count);
        Assert.Contains(harness.OutboxLog.Entries, e => e.Message.Contains("Notifications:Outbox:MaxPending"));
    }

    [Fact]
    public async Task AnUnknownReceiver_IsLoggedAndNothingIsStored()
    {
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions("http://127.0.0.1:9/hook"));
        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1", receiver: "nobody")));
        Assert.Empty(harness.Ledger);
        Assert.Contains(harness.OutboxLog.Entries, e => e.Message.Contains("nobody"));
    }

    [Fact]
    public async Task TheLedger_KeepsFinishedRowsForTheRetention_AndAtMostMaxLedgerRows()
    {
        using var receiver = new LoopbackHttpReceiver();
        var options = DeliveryHarness.WebhookOptions(receiver.Url);
        options.Outbox.MaxLedgerRows = 3;
        options.Outbox.LedgerRetention = TimeSpan.FromDays(1);
        using var harness = new DeliveryHarness(options);
        foreach (var n in Enumerable.Range(1, 5))
        {
            await harness.EnqueueAsync(SampleNotifications.Firing($"n{n}", group: $"G{n}"));
        }
        await harness.DeliverAllAsync();

        harness.Outbox.Prune(harness.Time.GetUtcNow());
        Assert.Equal(["n3", "n4", "n5"], harness.Ledger.Select(r => r.NotificationId).Order().ToArray());

        await harness.EnqueueAsync(SampleNotifications.Firing("waiting", receiver: "oncall", group: "Late"));
        harness.Time.Advance(TimeSpan.FromDays(2));
        harness.Outbox.Prune(harness.Time.GetUtcNow());
        Assert.Equal("waiting", harness.Ledger.Single().NotificationId);
    }

    [Fact]
    public async Task TheLedger_FiltersByReceiverAndStatus_AndIsBounded()
    {
        var options = DeliveryHarness.WebhookOptions("http://127.0.0.1:9/hook");
        options.Receivers.Add(new ReceiverOptions { Name = "soc", WebhookConfigs = [new WebhookReceiverOptions { Url = "http://127.0.0.1:9/soc" }] });
        using var harness = new DeliveryHarness(options);
        await harness.EnqueueAsync(SampleNotifications.Firing("a", receiver: "oncall", group: "A"));
        await harness.EnqueueAsync(SampleNotifications.Firing("b", receiver: "soc", group: "B"));
        await harness.EnqueueAsync(SampleNotifications.Firing("c", receiver: "soc", group: "C"));

        Assert.Equal(["c", "b"], harness.Outbox.Query(new LedgerQuery(Receiver: "soc")).Select(r => r.NotificationId).ToArray());
        Assert.Empty(harness.Outbox.Query(new LedgerQuery(Status: DeliveryStatus.Delivered)));
        Assert.Single(harness.Outbox.Query(new LedgerQuery(Limit: 1)));
        Assert.Equal(["oncall", "soc"], harness.Outbox.LedgerReceivers());
    }
}
