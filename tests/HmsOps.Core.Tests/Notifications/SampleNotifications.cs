using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>Alerts and notifications shaped like the seed's ACHLatencyHigh.</summary>
internal static class SampleNotifications
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public const string RunbookUrl = "https://runbooks.gov/ops/ach_latency";

    public static ConsoleAlert Alert(string name = "ACHLatencyHigh", string service = "ach-svc", string severity = "critical",
        AlertState state = AlertState.Firing, DateTimeOffset? resolvedAt = null, string? summary = "p95 latency over 5 s")
    {
        var labels = LabelSet.From(("alertname", name), ("service", service), ("severity", severity));
        var annotations = summary is null
            ? LabelSet.From(("runbook", RunbookUrl))
            : LabelSet.From(("summary", summary), ("runbook", RunbookUrl));
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, annotations, state, 6.2,
            Start.AddMinutes(-5), Start.AddMinutes(-2), resolvedAt, Start, AlertOrigin.Rules, "rules/ach.yaml",
            "http://127.0.0.1:5080/graph?g0.expr=x");
    }

    public static Notification Firing(string id, string receiver = "oncall", string group = "ACHLatencyHigh", params ConsoleAlert[] alerts)
    {
        var list = alerts.Length > 0 ? alerts : [Alert(name: group)];
        return new Notification(id, receiver, GroupKeyOf(group), LabelSet.From(("alertname", group)),
            NotificationStatus.Firing, list, Start);
    }

    public static Notification Resolved(string id, string receiver = "oncall", string group = "ACHLatencyHigh") =>
        new(id, receiver, GroupKeyOf(group), LabelSet.From(("alertname", group)), NotificationStatus.Resolved,
            [Alert(name: group, state: AlertState.Inactive, resolvedAt: Start.AddMinutes(3))], Start.AddMinutes(3));

    public static string GroupKeyOf(string group) => $"{{}}/{{severity=\"critical\"}}:{{alertname=\"{group}\"}}";
}
