using System.Net;
using System.Text;
using System.Text.Json.Serialization;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>A rendered email: subject, plain-text and HTML bodies. Sender and recipients come from configuration when sent.</summary>
public sealed record EmailContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("html")] string Html)
{
    public static EmailContent Render(NotificationView view)
    {
        var text = new StringBuilder();
        var html = new StringBuilder();
        html.Append("<html><body><h2>").Append(Encode(view.Title)).Append("</h2>");
        foreach (var group in new[] { ("Firing", view.Firing.ToArray()), ("Resolved", view.Resolved.ToArray()) })
        {
            if (group.Item2.Length == 0)
            {
                continue;
            }
            text.Append(group.Item1).Append(":\n");
            html.Append("<h3>").Append(group.Item1).Append("</h3><ul>");
            foreach (var alert in group.Item2)
            {
                var runbook = NotificationView.RunbookUrlOf(alert.Annotations);
                text.Append("- ").Append(alert.Name).Append(" (severity ").Append(alert.Severity ?? "none")
                    .Append(alert.Service is { } s ? $", service {s}" : "").Append("): ")
                    .Append(NotificationView.SummaryOf(alert)).Append('\n')
                    .Append("  labels: ").Append(alert.Labels.Key).Append('\n')
                    .Append("  since: ").Append(NotificationView.GoTime(NotificationView.StartsAt(alert))).Append('\n');
                html.Append("<li><strong>").Append(Encode(alert.Name)).Append("</strong> (severity ")
                    .Append(Encode(alert.Severity ?? "none"))
                    .Append(alert.Service is { } service ? $", service {Encode(service)}" : "").Append("): ")
                    .Append(Encode(NotificationView.SummaryOf(alert)));
                if (runbook is not null)
                {
                    text.Append("  runbook: ").Append(runbook).Append('\n');
                    html.Append(" — <a href=\"").Append(Encode(runbook)).Append("\">Runbook</a>");
                }
                html.Append("<br><code>").Append(Encode(alert.Labels.Key)).Append("</code></li>");
            }
            html.Append("</ul>");
        }
        text.Append("\nConsole: ").Append(view.ConsoleUrl).Append('\n');
        html.Append("<p><a href=\"").Append(Encode(view.ConsoleUrl)).Append("\">Open in HMS-OPS Console</a></p></body></html>");
        return new EmailContent(view.Title, text.ToString(), html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
