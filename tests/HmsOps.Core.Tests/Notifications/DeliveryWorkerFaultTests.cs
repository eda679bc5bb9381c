using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Tests.Notifications;

public sealed class DeliveryWorkerFaultTests
{
    private sealed class ThrowingTransport : IDeliveryTransport
    {
        public int Calls;

        public (string BucketKey, int PerMinute)? RateLimitOf(IntegrationRef integration) => ("k", 600);

        public Task<DeliveryOutcome> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken) =>
            ++Calls == 1 ? throw new InvalidDataException("stored payload is damaged") : Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Delivered());
    }

    [Fact]
    public async Task AnUnexpectedTransportException_IsRetriedLikeAnyFailure_AndNeverLeavesTheRowSending()
    {
        using var harness = new DeliveryHarness(DeliveryHarness.WebhookOptions("http://127.0.0.1:9/hook"));
        var transport = new ThrowingTransport();
        var worker = new DeliveryWorker(harness.Outbox, transport, harness.Options.Outbox, harness.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DeliveryWorker>.Instance, () => 0.5);
        await harness.EnqueueAsync(SampleNotifications.Firing("n1"));

        await worker.RunDueAsync(CancellationToken.None);
        var afterFirst = harness.Ledger.Single();
        Assert.Equal(DeliveryStatus.Pending, afterFirst.Status);
        Assert.Contains("stored payload is damaged", afterFirst.LastError);

        harness.Time.SetUtcNow(afterFirst.NextAttemptAt!.Value);
        await worker.RunDueAsync(CancellationToken.None);
        Assert.Equal(DeliveryStatus.Delivered, harness.Ledger.Single().Status);
        Assert.Equal(2, transport.Calls);
    }
}
