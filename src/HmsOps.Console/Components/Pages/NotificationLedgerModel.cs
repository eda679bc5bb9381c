using System.Globalization;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Console.Components.Pages;

/// <summary>One ledger row as the page shows it: texts and colours computed here, so Razor only renders them.</summary>
public sealed record LedgerRow(
    long Sequence,
    string Alerts,
    string GroupKey,
    string Receiver,
    string Integration,
    string Notification,
    string Status,
    DeliveryStatus StatusValue,
    int Attempts,
    string NextAttempt,
    string LastError,
    string Created,
    string DeliveredAt);

/// <summary>The delivery ledger page's model: filter parsing and row texts. No secrets reach it (the ledger holds none).</summary>
public static class NotificationLedgerModel
{
    /// <summary>The page shows at most this many rows, newest first.</summary>
    public const int PageSize = 200;

    public static readonly IReadOnlyList<DeliveryStatus> Statuses = Enum.GetValues<DeliveryStatus>();

    /// <summary>The status as on-call says it, and as the <c>status</c> query parameter spells it.</summary>
    public static string StatusText(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sending => "sending",
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.GivenUp => "given up",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static DeliveryStatus? ParseStatus(string? text) =>
        Statuses.Cast<DeliveryStatus?>().FirstOrDefault(s => string.Equals(StatusText(s!.Value), text?.Replace('-', ' ').Trim(),
            StringComparison.OrdinalIgnoreCase));

    public static LedgerQuery Query(string? receiver, DeliveryStatus? status) =>
        new(string.IsNullOrWhiteSpace(receiver) ? null : receiver, status, PageSize);

    public static LedgerRow Row(DeliveryRecord record) => new(
        record.Sequence,
        record.AlertNames.Length > 0 ? $"{record.AlertNames} ({Count(record.AlertCount)})" : Count(record.AlertCount),
        record.GroupKey,
        record.Integration.Receiver,
        $"{IntegrationRef.KindName(record.Integration.Kind)} #{record.Integration.Index + 1}",
        record.NotificationStatus == NotificationStatus.Firing ? "firing" : "resolved",
        StatusText(record.Status),
        record.Status,
        record.Attempts,
        record.NextAttemptAt is { } next ? Time(next) : "–",
        record.LastError ?? "",
        Time(record.CreatedAt),
        record.DeliveredAt is { } delivered ? Time(delivered) : "–");

    private static string Count(int alerts) => alerts == 1 ? "1 alert" : $"{alerts} alerts";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
