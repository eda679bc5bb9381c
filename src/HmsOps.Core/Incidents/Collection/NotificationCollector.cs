using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>
/// Notifications about the incident's alerts and what became of them: one entry per delivery once it has a result
/// (delivered, failed, given up), e.g. "PagerDuty trigger for ACHLatencyHigh to oncall: delivered (1 attempt)".
/// </summary>
public sealed class NotificationCollector(SqliteNotificationOutbox outbox) : ITimelineCollector
{
    /// <summary>Ledger rows read per look (newest first): more than an incident's window sees in a console.</summary>
    public const int LedgerRows = 500;

    public Task<IReadOnlyList<RecordEntry>> CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var names = context.Incident.AlertNames.ToHashSet(StringComparer.Ordinal);
        var entries = outbox.Query(new LedgerQuery(Limit: LedgerRows))
            .Where(d => d.CreatedAt >= context.From && d.CreatedAt <= context.To)
            .Where(d => d.Status is not (DeliveryStatus.Pending or DeliveryStatus.Sending))
            .Where(d => d.AlertNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(names.Contains))
            .Select(Entry)
            .ToList();
        return Task.FromResult<IReadOnlyList<RecordEntry>>(entries);
    }

    private static RecordEntry Entry(DeliveryRecord d)
    {
        var what = (d.Integration.Kind, d.NotificationStatus) switch
        {
            (IntegrationKind.PagerDuty, NotificationStatus.Firing) => "PagerDuty trigger",
            (IntegrationKind.PagerDuty, _) => "PagerDuty resolve",
            (var kind, var status) => $"{IntegrationRef.KindName(kind)} {status.ToString().ToLowerInvariant()} notification",
        };
        var attempts = d.Attempts == 1 ? "1 attempt" : $"{d.Attempts} attempts";
        var result = d.Status switch
        {
            DeliveryStatus.Delivered => $"delivered ({attempts})",
            DeliveryStatus.Failed => $"failed: {d.LastError}",
            DeliveryStatus.GivenUp => $"given up after {attempts}: {d.LastError}",
            _ => d.Status.ToString().ToLowerInvariant(),
        };
        return new RecordEntry(TimelineSource.Notification, d.Integration.Receiver, $"{what} for {d.AlertNames} to {d.Integration.Receiver}: {result}",
            "/notifications", $"delivery:{d.Sequence}", d.DeliveredAt ?? d.CreatedAt);
    }
}
