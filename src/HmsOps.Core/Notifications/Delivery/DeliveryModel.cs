namespace HmsOps.Core.Notifications.Delivery;

/// <summary>Where one delivery (one notification to one integration) stands. Stored as its number: do not renumber.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt (or for an earlier notification of its group, or for the rate limit).</summary>
    Pending = 0,

    /// <summary>An attempt is in flight. A restart turns it back into pending: at-least-once, the dedup key makes it harmless.</summary>
    Sending = 1,

    Delivered = 2,

    /// <summary>Refused for good (a 4xx other than 429): a configuration error, never retried.</summary>
    Failed = 3,

    /// <summary>Still failing after <see cref="OutboxOptions.GiveUpAfter"/>.</summary>
    GivenUp = 4,
}

/// <summary>The kind of a receiver integration. Stored as its number: do not renumber.</summary>
public enum IntegrationKind
{
    PagerDuty = 0,
    Slack = 1,
    Webhook = 2,
    Email = 3,
}

/// <summary>One receiver integration: the receiver's name, the kind, and the position in that kind's list.</summary>
public sealed record IntegrationRef(string Receiver, IntegrationKind Kind, int Index)
{
    /// <summary>Stable text form, e.g. <c>oncall/pagerduty/0</c>: what the ledger stores and orders by.</summary>
    public string Key => $"{Receiver}/{KindName(Kind)}/{Index}";

    public static string KindName(IntegrationKind kind) => kind switch
    {
        IntegrationKind.PagerDuty => "pagerduty",
        IntegrationKind.Slack => "slack",
        IntegrationKind.Webhook => "webhook",
        IntegrationKind.Email => "email",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A delivery as the worker sends it: the payload was rendered when the notification was enqueued.</summary>
public sealed record PendingDelivery(
    long Sequence,
    string NotificationId,
    IntegrationRef Integration,
    string GroupKey,
    string DedupKey,
    string Payload,
    int Attempts,
    DateTimeOffset CreatedAt);

/// <summary>One row of the delivery ledger, as the ledger page shows it. Carries no secrets.</summary>
public sealed record DeliveryRecord(
    long Sequence,
    string NotificationId,
    IntegrationRef Integration,
    string GroupKey,
    NotificationStatus NotificationStatus,
    string AlertNames,
    int AlertCount,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);

/// <summary>What one attempt came to.</summary>
public abstract record DeliveryOutcome
{
    public sealed record Delivered : DeliveryOutcome;

    /// <summary>Transport error, timeout, 429 or 5xx: try again later (after <paramref name="RetryAfter"/> when the receiver said).</summary>
    public sealed record Retry(string Error, TimeSpan? RetryAfter = null) : DeliveryOutcome;

    /// <summary>Refused for good: never retried.</summary>
    public sealed record Failed(string Error, bool ConfigurationError) : DeliveryOutcome;
}

/// <summary>The ledger page's filter.</summary>
public sealed record LedgerQuery(string? Receiver = null, DeliveryStatus? Status = null, int Limit = 200);
