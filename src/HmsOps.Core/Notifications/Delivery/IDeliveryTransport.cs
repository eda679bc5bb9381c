namespace HmsOps.Core.Notifications.Delivery;

/// <summary>Sends one delivery to its integration, with the integration's secrets from configuration.</summary>
public interface IDeliveryTransport
{
    /// <summary>The rate-limit bucket and its size; null when the integration is no longer configured.</summary>
    (string BucketKey, int PerMinute)? RateLimitOf(IntegrationRef integration);

    /// <summary>One attempt. Throws only <see cref="OperationCanceledException"/> for <paramref name="cancellationToken"/>.</summary>
    Task<DeliveryOutcome> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken);
}
