using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>
/// A notification as one integration renders it: the alerts it may send (resolved ones only with send_resolved),
/// the group's texts, and the links back. Shared by every payload so Slack, PagerDuty, webhook and email agree.
/// </summary>
public sealed class NotificationView
{
    private NotificationView(Notification notification, IReadOnlyList<ConsoleAlert> alerts, string externalUrl)
    {
        Notification = notification;
        Alerts = alerts;
        ExternalUrl = externalUrl.TrimEnd('/');
    }

    public Notification Notification { get; }

    /// <summary>Firing alerts, then resolved ones (pending alerts are never notified).</summary>
    public IReadOnlyList<ConsoleAlert> Alerts { get; }

    public string ExternalUrl { get; }

    public IEnumerable<ConsoleAlert> Firing => Alerts.Where(a => a.IsFiring);

    public IEnumerable<ConsoleAlert> Resolved => Alerts.Where(a => a.IsResolved);

    public bool IsFiring => Notification.Status == NotificationStatus.Firing;

    /// <summary>Alertmanager's spelling: <c>firing</c> or <c>resolved</c>.</summary>
    public string StatusText => IsFiring ? "firing" : "resolved";

    /// <summary>Where on-call sees the alerts in the console.</summary>
    public string ConsoleUrl => ExternalUrl + "/alerts";

    /// <summary>The notification's alerts this integration may send; null when there is nothing to send.</summary>
    public static NotificationView? For(Notification notification, bool sendResolved, string externalUrl)
    {
        if (notification.Status == NotificationStatus.Resolved && !sendResolved)
        {
            return null;
        }
        var alerts = notification.Alerts.Where(a => a.IsFiring)
            .Concat(sendResolved ? notification.Alerts.Where(a => a.IsResolved) : [])
            .ToArray();
        return alerts.Length == 0 ? null : new NotificationView(notification, alerts, externalUrl);
    }

    /// <summary>
    /// Alertmanager's default title: <c>[FIRING:2] ACHLatencyHigh (ach-svc critical)</c> — the group's label values,
    /// then in brackets the values every alert shares beyond them.
    /// </summary>
    public string Title
    {
        get
        {
            var status = IsFiring ? $"FIRING:{Firing.Count()}" : "RESOLVED";
            var groupNames = Notification.GroupLabels.Pairs.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var extra = Notification.CommonLabels.Pairs.Where(p => !groupNames.Contains(p.Key)).Select(p => p.Value).ToArray();
            var builder = new StringBuilder($"[{status}] ");
            builder.AppendJoin(' ', Notification.GroupLabels.Pairs.Select(p => p.Value));
            if (extra.Length > 0)
            {
                builder.Append(" (").AppendJoin(' ', extra).Append(')');
            }
            return builder.ToString().TrimEnd();
        }
    }

    /// <summary>Alert names of the group, distinct, in order: what the ledger lists.</summary>
    public static string AlertNames(Notification notification) =>
        string.Join(", ", notification.Alerts.Select(a => a.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal));

    /// <summary>The alert's summary (or description) annotation, else its name.</summary>
    public static string SummaryOf(ConsoleAlert alert) =>
        alert.Annotations.Get("summary") ?? alert.Annotations.Get("description") ?? alert.Name;

    /// <summary>The runbook link when it is an absolute http(s) URL (a link in a page must open anywhere).</summary>
    public static string? RunbookUrlOf(LabelSet annotations)
    {
        var value = annotations.Get("runbook_url") ?? annotations.Get("runbook");
        return value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value
            : null;
    }

    /// <summary>One stable key per alert group, as Alertmanager makes it: hex SHA-256 of the group key.</summary>
    public static string DedupKeyOf(string groupKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

    /// <summary>Go's RFC 3339 with nanoseconds (trailing zeros dropped), as Alertmanager writes times.</summary>
    public static string GoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Go's zero time: Alertmanager's <c>endsAt</c> of an active alert.</summary>
    public const string GoZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>Prometheus sends <c>startsAt</c> as the time the alert fired (its active time if it never said).</summary>
    public static DateTimeOffset StartsAt(ConsoleAlert alert) => alert.FiredAt ?? alert.ActiveAt;

    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
