using System.Text.Json.Nodes;
using HmsOps.Core.Alerting;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>Alertmanager's webhook payload, version 4, field for field.</summary>
public static class AlertmanagerWebhookPayload
{
    public static JsonObject Render(NotificationView view, int maxAlerts)
    {
        var notification = view.Notification;
        var alerts = maxAlerts > 0 ? view.Alerts.Take(maxAlerts).ToArray() : view.Alerts.ToArray();
        return new JsonObject
        {
            ["receiver"] = notification.Receiver,
            ["status"] = view.StatusText,
            ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)Alert(a)).ToArray()),
            ["groupLabels"] = PagerDutyPayload.Labels(notification.GroupLabels),
            ["commonLabels"] = PagerDutyPayload.Labels(notification.CommonLabels),
            ["commonAnnotations"] = PagerDutyPayload.Labels(notification.CommonAnnotations),
            ["externalURL"] = view.ExternalUrl,
            ["version"] = "4",
            ["groupKey"] = notification.GroupKey,
            ["truncatedAlerts"] = view.Alerts.Count - alerts.Length,
        };
    }

    private static JsonObject Alert(ConsoleAlert alert) => new()
    {
        ["status"] = alert.IsResolved ? "resolved" : "firing",
        ["labels"] = PagerDutyPayload.Labels(alert.Labels),
        ["annotations"] = PagerDutyPayload.Labels(alert.Annotations),
        ["startsAt"] = NotificationView.GoTime(NotificationView.StartsAt(alert)),
        ["endsAt"] = alert.IsResolved && alert.ResolvedAt is { } ended ? NotificationView.GoTime(ended) : NotificationView.GoZeroTime,
        ["generatorURL"] = alert.GeneratorUrl ?? "",
        ["fingerprint"] = alert.Fingerprint,
    };
}
