using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Notifications;

public sealed class OutboxDurabilityTests
{
    [Fact]
    public async Task PendingSends_SurviveClosingTheOutbox_AndAreSentExactlyOnceAfterReopening()
    {
        using var receiver = new LoopbackHttpReceiver();
        var receiverUp = false;
        receiver.Answer = (_, _) => receiverUp ? new ScriptedAnswer(200) : new ScriptedAnswer(502);
        var options = DeliveryHarness.WebhookOptions(receiver.Url);
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(SampleNotifications.Start);

        using (var first = new DeliveryHarness(options, directory, time))
        {
            await first.EnqueueAsync(SampleNotifications.Firing("n1", group: "A"));
            await first.EnqueueAsync(SampleNotifications.Firing("n2", group: "B"));
            await first.Worker.RunDueAsync(CancellationToken.None); // both fail once
            await first.EnqueueAsync(SampleNotifications.Firing("n3", group: "C"));
            // A send in flight when the process dies.
            first.Outbox.MarkSending(first.Ledger.Single(r => r.NotificationId == "n3").Sequence);
        }

        receiverUp = true;
        using var second = new DeliveryHarness(options, directory, time);
        Assert.Equal(3, second.Outbox.PendingCount);
        await second.DeliverAllAsync();

        second.AssertEachArrivedOnce(["n1", "n2", "n3"], receiver.Accepted.Select(r => r.Headers["Idempotency-Key"].Split('/')[0]));
        Assert.All(second.Ledger, r => Assert.Equal(DeliveryStatus.Delivered, r.Status));
    }

    [Fact]
    public async Task DeliveryService_ResumesPendingSendsAtStart_AndSendsNewOnesWhenEnqueued()
    {
        using var receiver = new LoopbackHttpReceiver();
        var options = DeliveryHarness.WebhookOptions(receiver.Url);
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(SampleNotifications.Start);
        using (var before = new DeliveryHarness(options, directory, time))
        {
            await before.EnqueueAsync(SampleNotifications.Firing("left-pending"));
        }

        using var harness = new DeliveryHarness(options, directory, time);
        using var service = new NotificationDeliveryService(harness.Outbox, harness.Worker, time,
            NullLogger<NotificationDeliveryService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => Delivered(harness) == 1, "the pending notification was sent after the restart");
            await harness.EnqueueAsync(SampleNotifications.Firing("new", group: "Other"));
            await Poll.UntilAsync(() => Delivered(harness) == 2, "the new notification was sent without the clock moving");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
        Assert.Equal(["left-pending", "new"], receiver.Accepted.Select(r => r.Headers["Idempotency-Key"].Split('/')[0]).ToArray());
    }

    private static int Delivered(DeliveryHarness harness) => harness.Ledger.Count(r => r.Status == DeliveryStatus.Delivered);

    [Fact]
    public async Task Enqueue_IsPersistedBeforeItReturns()
    {
        using var receiver = new LoopbackHttpReceiver();
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions(receiver.Url));
        Assert.True(await harness.EnqueueAsync(SampleNotifications.Firing("n1")));

        // Another connection to the file sees the row at once.
        using var reader = new SqliteNotificationOutbox(harness.DatabasePath, harness.Options.Outbox,
            new ConfiguredReceivers(harness.Options), harness.Time, NullLogger<SqliteNotificationOutbox>.Instance);
        Assert.Equal("n1", reader.Query(new LedgerQuery()).Single().NotificationId);
    }
}
