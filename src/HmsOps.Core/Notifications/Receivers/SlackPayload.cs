using System.Text;
using System.Text.Json.Nodes;
using HmsOps.Core.Alerting;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>
/// A Slack-compatible incoming-webhook message: <c>text</c> for clients that show only that, and one attachment
/// (coloured by status) with a readable line per alert: status, name, severity, service, summary, runbook.
/// </summary>
public static class SlackPayload
{
    public const string FiringColor = "danger";
    public const string ResolvedColor = "good";

    public static JsonObject Render(NotificationView view, string? channel)
    {
        var message = new JsonObject();
        if (!string.IsNullOrWhiteSpace(channel))
        {
            message["channel"] = channel;
        }
        message["text"] = view.Title;
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["color"] = view.IsFiring ? FiringColor : ResolvedColor,
            ["title"] = view.Title,
            ["title_link"] = view.ConsoleUrl,
            ["text"] = Body(view),
            ["fallback"] = view.Title,
            ["mrkdwn_in"] = new JsonArray("text"),
        });
        return message;
    }

    /// <summary>One line per alert, e.g. <c>*FIRING* ACHLatencyHigh · severity critical · service ach-svc — p95 over 5 s · &lt;url|Runbook&gt;</c>.</summary>
    public static string Body(NotificationView view)
    {
        var builder = new StringBuilder();
        foreach (var alert in view.Alerts)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }
            builder.Append(Line(alert));
        }
        return builder.ToString();
    }

    private static string Line(ConsoleAlert alert)
    {
        var builder = new StringBuilder();
        builder.Append(alert.IsResolved ? "*RESOLVED* " : "*FIRING* ").Append(Escape(alert.Name));
        builder.Append(" · severity ").Append(Escape(alert.Severity ?? "none"));
        if (alert.Service is { } service)
        {
            builder.Append(" · service ").Append(Escape(service));
        }
        builder.Append(" — ").Append(Escape(NotificationView.SummaryOf(alert)));
        if (NotificationView.RunbookUrlOf(alert.Annotations) is { } runbook)
        {
            builder.Append(" · <").Append(runbook).Append("|Runbook>");
        }
        return builder.ToString();
    }

    /// <summary>Slack's three control characters in message text.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
