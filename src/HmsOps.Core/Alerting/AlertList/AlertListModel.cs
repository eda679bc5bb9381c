using System.Globalization;
using HmsOps.Core.Alerting.Templating;
using HmsOps.Core.Runbooks;

namespace HmsOps.Core.Alerting.AlertList;

/// <summary>One alert as a row of the Alerts page: everything the row shows, already worded.</summary>
public sealed record AlertRow(
    ConsoleAlert Alert,
    string StateName,
    string SinceText,
    string SinceAbsolute,
    string? ForText,
    string? ValueText,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<KeyValuePair<string, string>> MainAnnotations,
    IReadOnlyList<KeyValuePair<string, string>> OtherAnnotations,
    AlertSuppressionState Suppression,
    RunbookResolution Runbook)
{
    public string Fingerprint => Alert.Fingerprint;

    public string Name => Alert.Name;
}

public sealed record ServiceGroup(string Service, IReadOnlyList<AlertRow> Rows);

/// <summary>One severity's alerts (critical, warning, info, other), by service.</summary>
public sealed record SeverityGroup(string Severity, IReadOnlyList<ServiceGroup> Services)
{
    public int Count => Services.Sum(s => s.Rows.Count);
}

/// <summary>
/// The Alerts page as plain data: the alerts the filter keeps, grouped by severity (critical, warning, info, other)
/// then service (alphabetical), firing before pending before resolved and the longest-active first within a
/// service; plus the services seen, for the filter's choices.
/// </summary>
public sealed record AlertListModel(IReadOnlyList<SeverityGroup> Groups, int Shown, int Total, IReadOnlyList<string> Services)
{
    public const string NoService = "(no service)";

    /// <summary>Annotations shown on the row; the others (runbook, dashboards, anything custom) sit behind "more".</summary>
    public static readonly IReadOnlyList<string> MainAnnotationNames = ["summary", "description"];

    /// <summary>The annotations that point at a runbook, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> RunbookAnnotationNames = ["runbook", "runbook_url"];

    public static AlertListModel Create(
        IReadOnlyList<ConsoleAlert> alerts,
        AlertFilter filter,
        DateTimeOffset now,
        Func<ConsoleAlert, AlertSuppressionState> suppression,
        Func<string?, RunbookResolution> resolveRunbook)
    {
        var rows = new List<AlertRow>();
        foreach (var alert in alerts)
        {
            var muted = suppression(alert);
            if (Keeps(filter, alert, muted))
            {
                rows.Add(Row(alert, now, muted, resolveRunbook(RunbookAnnotation(alert))));
            }
        }
        var groups = rows
            .GroupBy(r => SeverityOf(r.Alert))
            .OrderBy(g => SeverityRank(g.Key))
            .Select(g => new SeverityGroup(g.Key, g
                .GroupBy(r => ServiceOf(r.Alert), StringComparer.Ordinal)
                .OrderBy(s => s.Key == NoService ? 1 : 0).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new ServiceGroup(s.Key, s
                    .OrderBy(r => StateRank(r.Alert.State))
                    .ThenBy(r => r.Alert.ActiveAt)
                    .ThenBy(r => r.Name, StringComparer.Ordinal)
                    .ThenBy(r => r.Fingerprint, StringComparer.Ordinal)
                    .ToList()))
                .ToList()))
            .ToList();
        var services = alerts.Select(ServiceOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new AlertListModel(groups, rows.Count, alerts.Count, services);
    }

    public static string SeverityOf(ConsoleAlert alert) => alert.Severity?.ToLowerInvariant() switch
    {
        "critical" => "critical",
        "warning" => "warning",
        "info" => "info",
        _ => "other",
    };

    public static string ServiceOf(ConsoleAlert alert) => string.IsNullOrEmpty(alert.Service) ? NoService : alert.Service;

    public static string StateName(AlertState state) => state switch
    {
        AlertState.Firing => "firing",
        AlertState.Pending => "pending",
        _ => "resolved",
    };

    public static string? RunbookAnnotation(ConsoleAlert alert) =>
        RunbookAnnotationNames.Select(alert.Annotations.Get).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>"4m 10s", "2h 5m", "3d 4h": the two largest units, as on-call read it at a glance.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        var inv = CultureInfo.InvariantCulture;
        return span switch
        {
            { TotalDays: >= 1 } => string.Create(inv, $"{(int)span.TotalDays}d {span.Hours}h"),
            { TotalHours: >= 1 } => string.Create(inv, $"{span.Hours}h {span.Minutes}m"),
            { TotalMinutes: >= 1 } => string.Create(inv, $"{span.Minutes}m {span.Seconds}s"),
            _ => string.Create(inv, $"{span.Seconds}s"),
        };
    }

    private static bool Keeps(AlertFilter filter, ConsoleAlert alert, AlertSuppressionState muted) =>
        (filter.States.Count == 0 || filter.States.Contains(StateName(alert.State)))
        && (filter.Severities.Count == 0 || filter.Severities.Contains(SeverityOf(alert)))
        && (filter.Services.Count == 0 || filter.Services.Contains(ServiceOf(alert)))
        && filter.Ack switch
        {
            AckFilter.Acknowledged => alert.Acknowledged is not null,
            AckFilter.Unacknowledged => alert.Acknowledged is null,
            _ => true,
        }
        && (filter.ShowSilenced || !muted.IsSuppressed)
        && (filter.Search.Length == 0 || Mentions(alert, filter.Search));

    private static bool Mentions(ConsoleAlert alert, string text)
    {
        bool Has(string s) => s.Contains(text, StringComparison.OrdinalIgnoreCase);
        return Has(alert.Name)
            || alert.Labels.Pairs.Any(p => Has(p.Key) || Has(p.Value) || Has(p.Key + "=" + p.Value))
            || alert.Annotations.Pairs.Any(p => Has(p.Value));
    }

    private static AlertRow Row(ConsoleAlert alert, DateTimeOffset now, AlertSuppressionState muted, RunbookResolution runbook)
    {
        var since = Duration(now - alert.ActiveAt) + " ago";
        string? forText = alert.State switch
        {
            AlertState.Firing => "firing for " + Duration(now - (alert.FiredAt ?? alert.ActiveAt)),
            AlertState.Pending => "pending for " + Duration(now - alert.ActiveAt),
            _ when alert.ResolvedAt is { } resolved => "resolved " + Duration(now - resolved) + " ago, was active " + Duration(resolved - alert.ActiveAt),
            _ => null,
        };
        var labels = alert.Labels.Pairs.Where(p => p.Key != AlertRuleStateMachine.AlertNameLabel).ToList();
        var main = MainAnnotationNames
            .Select(n => new KeyValuePair<string, string>(n, alert.Annotations.Get(n) ?? ""))
            .Where(p => p.Value.Length > 0)
            .ToList();
        var others = alert.Annotations.Pairs.Where(p => !MainAnnotationNames.Contains(p.Key)).ToList();
        return new AlertRow(alert, StateName(alert.State), since, Absolute(alert.ActiveAt), forText,
            alert.Value is { } v ? TemplateFunctions.Humanize(v) : null, labels, main, others, muted, runbook);
    }

    private static string Absolute(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static int SeverityRank(string severity) => severity switch
    {
        "critical" => 0,
        "warning" => 1,
        "info" => 2,
        _ => 3,
    };

    private static int StateRank(AlertState state) => state switch
    {
        AlertState.Firing => 0,
        AlertState.Pending => 1,
        _ => 2,
    };
}
