using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// Runs the <see cref="DeliveryWorker"/>: at start (resuming what a previous run left pending), whenever a
/// notification is enqueued, and when the next retry falls due. Prunes the ledger now and then.
/// </summary>
public sealed class NotificationDeliveryService(
    SqliteNotificationOutbox outbox,
    DeliveryWorker worker,
    TimeProvider time,
    ILogger<NotificationDeliveryService> logger) : BackgroundService
{
    /// <summary>The longest sleep: a bound on how late a missed wake-up (e.g. a clock jump) can make a send.</summary>
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastPrune >= PruneEvery)
                {
                    outbox.Prune(now);
                    lastPrune = now;
                }
                await worker.RunDueAsync(stoppingToken).ConfigureAwait(false);
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The outbox file is unwritable or similar: keep trying, what is pending stays pending.
                logger.LogError(e, "Notification delivery failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var wait = outbox.NextDueAt() is { } due ? due - now : MaxIdle;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var wakeOrTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait < MaxIdle ? wait : MaxIdle, time, wakeOrTimeout.Token);
        var work = outbox.WaitForWorkAsync(wakeOrTimeout.Token);
        await Task.WhenAny(delay, work).ConfigureAwait(false);
        await wakeOrTimeout.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
