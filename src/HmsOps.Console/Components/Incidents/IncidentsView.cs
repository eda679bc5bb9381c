using System.Globalization;
using HmsOps.Core.Incidents;
using MudBlazor;

namespace HmsOps.Console.Components.Incidents;

/// <summary>The words, colours and icons the incident pages show, computed here so Razor only renders them.</summary>
public static class IncidentsView
{
    /// <summary>Incidents the list shows at most; older ones are reached by narrowing the filters.</summary>
    public const int ListLimit = 200;

    /// <summary>"2026-12-06 02:14:39 UTC": the console shows UTC everywhere, so times on a timeline compare at a glance.</summary>
    public static string When(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"4:07" or "1:02:07": a running SLA clock.</summary>
    public static string Span(TimeSpan span)
    {
        var s = span < TimeSpan.Zero ? span.Negate() : span;
        var text = s.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalHours}:{s.Minutes:00}:{s.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalMinutes}:{s.Seconds:00}");
        return span < TimeSpan.Zero ? "-" + text : text;
    }

    public static string TimerLabel(SlaTimer timer) => timer.Name == SlaTimer.Acknowledge ? "Time to acknowledge" : "Time to mitigate";

    /// <summary>"4:07 of 5:00", "done in 1:12 (target 5:00)" or "12:40 — breached (target 5:00)".</summary>
    public static string TimerText(SlaTimer timer)
    {
        var target = Span(timer.Target);
        return (timer.Running, timer.Breached) switch
        {
            (true, false) => $"{Span(timer.Elapsed)} of {target}",
            (true, true) => $"{Span(timer.Elapsed)} — breached (target {target})",
            (false, false) => $"done in {Span(timer.Elapsed)} (target {target})",
            (false, true) => $"done in {Span(timer.Elapsed)} — breached (target {target})",
        };
    }

    public static Color TimerColor(SlaTimer timer) => timer.Breached ? Color.Error : timer.Running ? Color.Warning : Color.Success;

    public static Color StateColor(IncidentState state) => state switch
    {
        IncidentState.Open => Color.Error,
        IncidentState.Acknowledged => Color.Warning,
        IncidentState.Mitigated => Color.Info,
        _ => Color.Success,
    };

    public static Color SeverityColor(string severity) => severity switch
    {
        IncidentSeverity.Critical => Color.Error,
        IncidentSeverity.Warning => Color.Warning,
        _ => Color.Default,
    };

    public static string SourceIcon(TimelineSource source) => source switch
    {
        TimelineSource.Incident => Icons.Material.Filled.ReportProblem,
        TimelineSource.Alert => Icons.Material.Filled.NotificationsActive,
        TimelineSource.Notification => Icons.Material.Filled.MarkEmailRead,
        TimelineSource.Acknowledgement => Icons.Material.Filled.DoneAll,
        TimelineSource.Silence => Icons.Material.Filled.NotificationsOff,
        TimelineSource.Change => Icons.Material.Filled.RocketLaunch,
        TimelineSource.Logs => Icons.Material.Filled.Article,
        TimelineSource.Traces => Icons.Material.Filled.AccountTree,
        _ => Icons.Material.Filled.EditNote,
    };

    /// <summary>What a timeline link opens, for its accessible name ("Open waterfall", "Open logs", ...).</summary>
    public static string LinkText(TimelineEntry entry) => entry.Source switch
    {
        TimelineSource.Traces => "Open waterfall",
        TimelineSource.Logs => "Open logs",
        TimelineSource.Alert => "Open alert",
        TimelineSource.Change => "Open change",
        TimelineSource.Notification => "Open notification",
        TimelineSource.Silence => "Open silence",
        _ => "Open",
    };

    /// <summary>
    /// Timeline and postmortem links are console-relative ("/traces/abc"); the page has <c>&lt;base href="/"&gt;</c>, so
    /// they are made base-relative. Anything else (a scheme, "//host") is refused: entries come from stored data.
    /// </summary>
    public static string? SafeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.Contains('\\'))
        {
            return null;
        }
        return link[1..];
    }

    public static string Services(Incident incident) => incident.Services.Count == 0 ? "—" : string.Join(", ", incident.Services);

    public static string DetailHref(string id) => "incidents/" + Uri.EscapeDataString(id);
}
