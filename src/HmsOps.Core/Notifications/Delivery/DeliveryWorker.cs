using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// Sends what the outbox has due, attempt by attempt: retries transport errors, timeouts, 429 (after its
/// Retry-After) and 5xx with exponential backoff and full jitter; marks other 4xx failed at once; gives up after
/// <see cref="OutboxOptions.GiveUpAfter"/>; holds each integration to its rate limit. Driven by a
/// <see cref="TimeProvider"/>, so tests step through hours of backoff without waiting.
/// </summary>
public sealed class DeliveryWorker(
    SqliteNotificationOutbox outbox,
    IDeliveryTransport transport,
    OutboxOptions options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger,
    Func<double>? random = null)
{
    private const int BatchSize = 64;
    private const int MaxParallelSends = 8;

    private readonly TokenBuckets _buckets = new(time);
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>Sends everything due now, including what becomes due because an earlier one of its group finished.</summary>
    /// <returns>The number of attempts made.</returns>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = outbox.Due(time.GetUtcNow(), BatchSize);
            if (due.Count == 0)
            {
                break;
            }
            var sendable = new List<PendingDelivery>();
            var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var delivery in due)
            {
                if (Admit(delivery, waiting))
                {
                    sendable.Add(delivery);
                }
            }
            attempts += sendable.Count;
            await Parallel.ForEachAsync(sendable,
                new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken },
                async (delivery, ct) => await AttemptAsync(delivery, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return attempts;
    }

    /// <summary>
    /// A token from the integration's bucket, or the delivery waits for one (no attempt counted). Deliveries left
    /// waiting in one batch are spread one refill apart, so they are not all woken for the same single token.
    /// </summary>
    private bool Admit(PendingDelivery delivery, Dictionary<string, int> waitingPerBucket)
    {
        var now = time.GetUtcNow();
        if (transport.RateLimitOf(delivery.Integration) is not { } limit)
        {
            outbox.MarkFinished(delivery.Sequence, DeliveryStatus.Failed, delivery.Attempts,
                $"integration {delivery.Integration.Key} is no longer configured", now);
            logger.LogError("Notification {NotificationId}: integration {Integration} is no longer configured; not sent",
                delivery.NotificationId, delivery.Integration.Key);
            return false;
        }
        if (_buckets.TryTake(limit.BucketKey, limit.PerMinute) is { } wait)
        {
            var ahead = waitingPerBucket.GetValueOrDefault(limit.BucketKey);
            waitingPerBucket[limit.BucketKey] = ahead + 1;
            outbox.Postpone(delivery.Sequence, now + wait + TimeSpan.FromMinutes(1.0 / limit.PerMinute) * ahead);
            return false;
        }
        return true;
    }

    private async Task AttemptAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        outbox.MarkSending(delivery.Sequence);
        var attempt = delivery.Attempts + 1;
        DeliveryOutcome outcome;
        try
        {
            outcome = await transport.SendAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping mid-send: it may have arrived; the next start sends it again under the same dedup key.
            outbox.Postpone(delivery.Sequence, time.GetUtcNow());
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A transport bug or an unreadable stored payload must not leave the row "sending" and block its group.
            outcome = new DeliveryOutcome.Retry($"unexpected error: {e.GetType().Name}: {e.Message}");
        }
        var now = time.GetUtcNow();
        switch (outcome)
        {
            case DeliveryOutcome.Delivered:
                outbox.MarkDelivered(delivery.Sequence, attempt, now);
                logger.LogInformation("Notification {NotificationId} delivered to {Integration} (attempt {Attempt})",
                    delivery.NotificationId, delivery.Integration.Key, attempt);
                break;
            case DeliveryOutcome.Failed failed:
                outbox.MarkFinished(delivery.Sequence, DeliveryStatus.Failed, attempt, failed.Error, now);
                if (failed.ConfigurationError)
                {
                    logger.LogError("Notification {NotificationId} to {Integration} refused: configuration error, not retried: {Error}",
                        delivery.NotificationId, delivery.Integration.Key, failed.Error);
                }
                else
                {
                    logger.LogError("Notification {NotificationId} to {Integration} refused, not retried: {Error}",
                        delivery.NotificationId, delivery.Integration.Key, failed.Error);
                }
                break;
            case DeliveryOutcome.Retry retry:
                ScheduleRetry(delivery, attempt, retry, now);
                break;
        }
    }

    private void ScheduleRetry(PendingDelivery delivery, int attempt, DeliveryOutcome.Retry retry, DateTimeOffset now)
    {
        var deadline = delivery.CreatedAt + options.GiveUpAfter;
        if (now >= deadline)
        {
            var error = $"gave up after {attempt} attempts: {retry.Error}";
            outbox.MarkFinished(delivery.Sequence, DeliveryStatus.GivenUp, attempt, error, now);
            logger.LogError("Notification {NotificationId} to {Integration} given up after {Attempts} attempts over {GiveUpAfter}: {Error}",
                delivery.NotificationId, delivery.Integration.Key, attempt, options.GiveUpAfter, retry.Error);
            return;
        }
        var wait = retry.RetryAfter ?? Backoff.Delay(attempt, options.InitialBackoff, options.MaxBackoff, _random());
        // Never due again in the same instant (a zero jitter would spin), and one last attempt at the deadline.
        var next = now + (wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
        if (next > deadline)
        {
            next = deadline;
        }
        outbox.MarkRetry(delivery.Sequence, attempt, next, retry.Error);
        logger.LogWarning("Notification {NotificationId} to {Integration} failed (attempt {Attempt}), retrying at {NextAttempt:o}: {Error}",
            delivery.NotificationId, delivery.Integration.Key, attempt, next, retry.Error);
    }
}
