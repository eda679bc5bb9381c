using System.Text.Json.Nodes;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>
/// A PagerDuty Events API v2 event. The routing key is NOT part of the stored payload: the sender adds it from
/// configuration at each attempt, so the secret never lands in the outbox file or the ledger.
/// </summary>
public static class PagerDutyPayload
{
    public const int MaxSummaryLength = 1024;

    public const string ClientName = "HMS-OPS Console";

    public static JsonObject Render(NotificationView view)
    {
        var notification = view.Notification;
        var common = notification.CommonLabels;
        var links = new JsonArray();
        if (NotificationView.RunbookUrlOf(notification.CommonAnnotations) is { } runbook)
        {
            links.Add(new JsonObject { ["href"] = runbook, ["text"] = "Runbook" });
        }
        links.Add(new JsonObject { ["href"] = view.ConsoleUrl, ["text"] = "HMS-OPS Console alerts" });

        var payload = new JsonObject
        {
            ["summary"] = NotificationView.Truncate(Summary(view), MaxSummaryLength),
            ["source"] = common.Get("instance") ?? common.Get("service") ?? ClientName,
            ["severity"] = SeverityOf(common.Get("severity")),
            ["timestamp"] = NotificationView.GoTime(notification.CreatedAt),
        };
        // PagerDuty refuses null where it expects a string: optional fields are left out when unknown.
        AddIfKnown(payload, "component", common.Get("service"));
        AddIfKnown(payload, "group", common.Get("team") ?? common.Get("job"));
        AddIfKnown(payload, "class", common.Get("alertname"));
        payload["custom_details"] = CustomDetails(view);
        return new JsonObject
        {
            ["event_action"] = view.IsFiring ? "trigger" : "resolve",
            ["dedup_key"] = NotificationView.DedupKeyOf(notification.GroupKey),
            ["payload"] = payload,
            ["client"] = ClientName,
            ["client_url"] = view.ConsoleUrl,
            ["links"] = links,
        };
    }

    private static void AddIfKnown(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    /// <summary>The stored payload with the routing key put first, as sent.</summary>
    public static string WithRoutingKey(string storedPayload, string routingKey)
    {
        var stored = JsonNode.Parse(storedPayload)!.AsObject();
        var sent = new JsonObject { ["routing_key"] = routingKey };
        foreach (var (name, value) in stored.ToArray())
        {
            stored.Remove(name);
            sent[name] = value;
        }
        return sent.ToJsonString();
    }

    /// <summary>PagerDuty knows critical, error, warning and info; anything else is Alertmanager's default, error.</summary>
    public static string SeverityOf(string? severity) => severity?.ToLowerInvariant() switch
    {
        "critical" or "page" => "critical",
        "error" => "error",
        "warning" or "warn" => "warning",
        "info" or "none" => "info",
        _ => "error",
    };

    private static string Summary(NotificationView view)
    {
        var first = view.Alerts.FirstOrDefault();
        var summary = first is null ? null : first.Annotations.Get("summary");
        return summary is null || view.Alerts.Count > 1 ? view.Title : $"{view.Title}: {summary}";
    }

    private static JsonObject CustomDetails(NotificationView view) => new()
    {
        ["num_firing"] = view.Firing.Count(),
        ["num_resolved"] = view.Resolved.Count(),
        ["group_labels"] = Labels(view.Notification.GroupLabels),
        ["common_annotations"] = Labels(view.Notification.CommonAnnotations),
        ["firing"] = new JsonArray(view.Firing.Select(a => (JsonNode)AlertLine(a)).ToArray()),
        ["resolved"] = new JsonArray(view.Resolved.Select(a => (JsonNode)AlertLine(a)).ToArray()),
    };

    private static string AlertLine(Alerting.ConsoleAlert alert) =>
        $"{alert.Labels} {NotificationView.SummaryOf(alert)} (since {NotificationView.GoTime(NotificationView.StartsAt(alert))})";

    internal static JsonObject Labels(LabelSet labels)
    {
        var result = new JsonObject();
        foreach (var pair in labels.Pairs)
        {
            result[pair.Key] = pair.Value;
        }
        return result;
    }
}
