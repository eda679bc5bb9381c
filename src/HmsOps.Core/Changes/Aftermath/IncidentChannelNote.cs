using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HmsOps.Core.Deployments;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Changes.Aftermath;

/// <summary>
/// The note posted to the incident channel after a change took effect: who asked, who approved (or break-glass and
/// why), what changed with its diff, and the alert it answers. Rendered once and handed to the notification outbox,
/// so retries and a restart send exactly this text, at most once per change (the outbox ignores a repeated id).
/// </summary>
public static class IncidentChannelNote
{
    /// <summary>The transitions after which a note goes out: the change is in force.</summary>
    public static bool IsEffective(ChangeTransition transition) =>
        transition.Kind is TransitionKind.Executed or TransitionKind.Promoted;

    /// <summary>The outbox id: one note per change, whoever offers it and however often.</summary>
    public static string NotificationId(string changeId) => $"change-note/{changeId}";

    public static IReadOnlyList<PlannedDelivery> Plan(ChangeRecord change, DeploymentDiff? diff, ReceiverOptions receiver, string externalUrl)
    {
        var planned = new List<PlannedDelivery>();
        for (var i = 0; i < receiver.SlackConfigs.Count; i++)
        {
            var payload = Render(change, diff, receiver.SlackConfigs[i].Channel, externalUrl);
            planned.Add(new PlannedDelivery(new IntegrationRef(receiver.Name, IntegrationKind.Slack, i), NotificationId(change.Id), payload.ToJsonString()));
        }
        return planned;
    }

    public static JsonObject Render(ChangeRecord change, DeploymentDiff? diff, string? channel, string externalUrl)
    {
        var title = Title(change);
        var message = new JsonObject();
        if (!string.IsNullOrWhiteSpace(channel))
        {
            message["channel"] = channel;
        }
        message["text"] = title;
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["color"] = change.BreakGlass ? "warning" : "good",
            ["title"] = title,
            ["title_link"] = externalUrl.TrimEnd('/') + "/deployments",
            ["text"] = Body(change, diff),
            ["fallback"] = title,
            ["mrkdwn_in"] = new JsonArray("text"),
        });
        return message;
    }

    public static string Title(ChangeRecord change) => change.Kind == ChangeKind.Rollback
        ? $"{change.Service} rolled back {change.FromVersion} → {change.TargetVersion}"
        : $"{change.Service} canary promoted {change.FromVersion} → {change.TargetVersion}";

    public static string Body(ChangeRecord change, DeploymentDiff? diff)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*Change* {change.Id} · requested by {change.RequestedBy}\n");
        text.Append(change.BreakGlass
            ? $"*BREAK-GLASS* by {change.ApprovedBy}: {change.BreakGlassReason}\n"
            : $"*Approved by* {change.ApprovedBy}\n");
        text.Append(CultureInfo.InvariantCulture, $"*Reason* {change.Reason}\n");
        if (change.AlertFingerprint is { } alert)
        {
            text.Append(CultureInfo.InvariantCulture, $"*For alert* {alert} (watched until it resolves)\n");
        }
        if (diff is null)
        {
            text.Append("*Diff* not available from the provider");
            return text.ToString();
        }
        text.Append("*Diff*");
        foreach (var line in diff.Changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• {line.Field}: {line.From ?? "(none)"} → {line.To ?? "(none)"}");
        }
        return text.ToString();
    }
}
