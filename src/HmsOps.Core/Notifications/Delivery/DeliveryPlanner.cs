using System.Text.Json;
using HmsOps.Core.Notifications.Receivers;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>A delivery to store: the integration, and the payload rendered for it (without secrets).</summary>
public sealed record PlannedDelivery(IntegrationRef Integration, string DedupKey, string Payload);

/// <summary>
/// Turns a notification into one delivery per integration of its receiver, each with its payload rendered now,
/// so what is sent after a restart is exactly what was decided before it. Integrations that do not send resolved
/// notifications get none (and resolved alerts are left out of their firing ones), as in Alertmanager.
/// </summary>
public static class DeliveryPlanner
{
    public static IReadOnlyList<PlannedDelivery> Plan(Notification notification, ReceiverOptions receiver, string externalUrl)
    {
        var dedupKey = NotificationView.DedupKeyOf(notification.GroupKey);
        var planned = new List<PlannedDelivery>();

        void Add(IntegrationKind kind, int index, bool sendResolved, Func<NotificationView, string> render)
        {
            if (NotificationView.For(notification, sendResolved, externalUrl) is { } view)
            {
                planned.Add(new PlannedDelivery(new IntegrationRef(receiver.Name, kind, index), dedupKey, render(view)));
            }
        }

        for (var i = 0; i < receiver.PagerDutyConfigs.Count; i++)
        {
            Add(IntegrationKind.PagerDuty, i, receiver.PagerDutyConfigs[i].SendResolved,
                v => PagerDutyPayload.Render(v).ToJsonString());
        }
        for (var i = 0; i < receiver.SlackConfigs.Count; i++)
        {
            var slack = receiver.SlackConfigs[i];
            Add(IntegrationKind.Slack, i, slack.SendResolved, v => SlackPayload.Render(v, slack.Channel).ToJsonString());
        }
        for (var i = 0; i < receiver.WebhookConfigs.Count; i++)
        {
            var webhook = receiver.WebhookConfigs[i];
            Add(IntegrationKind.Webhook, i, webhook.SendResolved,
                v => AlertmanagerWebhookPayload.Render(v, webhook.MaxAlerts).ToJsonString());
        }
        for (var i = 0; i < receiver.EmailConfigs.Count; i++)
        {
            Add(IntegrationKind.Email, i, receiver.EmailConfigs[i].SendResolved,
                v => JsonSerializer.Serialize(EmailContent.Render(v)));
        }
        return planned;
    }
}
