using HmsOps.Core.Alerting;

namespace HmsOps.Core.Incidents;

/// <summary>
/// Which incident an alert belongs to: alerts with the same <c>service</c> label and the same <c>alertname</c> are one
/// outage (ACHLatencyHigh on ach-svc from two instances, or firing again after a short mitigation), so they share a
/// group key. Different alert names on one service open separate incidents unless a person links them; the
/// rule's <c>incident_group</c> label, when set, replaces the alert name so a team can group several rules on purpose.
/// </summary>
public static class IncidentGrouping
{
    public const string GroupLabel = "incident_group";

    public static string KeyOf(ConsoleAlert alert)
    {
        var service = alert.Service is { Length: > 0 } s ? s : "-";
        var group = alert.Labels.Get(GroupLabel) is { Length: > 0 } g ? g : alert.Name;
        return $"{service}/{group}";
    }
}
