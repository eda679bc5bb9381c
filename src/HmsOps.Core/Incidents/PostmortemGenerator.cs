using System.Globalization;
using System.Text;

namespace HmsOps.Core.Incidents;

/// <summary>
/// Writes an incident's postmortem as Markdown: title, summary, impact (measured when an impact source is given), the
/// whole timeline in order, then the sections people complete (root cause, what went well and wrong, action items with
/// owners). The timeline is in time order (ties in recording order). Regenerating keeps those human sections from the previous text and rewrites the facts around them.
/// </summary>
public sealed class PostmortemGenerator(IncidentsOptions options, IIncidentImpactSource? impact = null)
{
    public async Task<string> GenerateAsync(Incident incident, IReadOnlyList<TimelineEntry> timeline, string? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IncidentImpact? measured = null;
        if (impact is not null)
        {
            try
            {
                measured = await impact.MeasureAsync(incident, incident.EndedAt ?? now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The postmortem must still be written when the metrics source is down; the impact says it was not measured.
                measured = null;
            }
        }
        return Render(incident, timeline, measured, previous is null ? null : PostmortemSections.Extract(previous), now);
    }

    /// <summary>The pure part: the same inputs give the same Markdown.</summary>
    public string Render(Incident incident, IReadOnlyList<TimelineEntry> timeline, IncidentImpact? measured, IReadOnlyDictionary<string, string>? human, DateTimeOffset now)
    {
        var md = new StringBuilder();
        var end = incident.EndedAt ?? now;
        md.Append("# Postmortem: ").Append(incident.Id).Append(" — ").AppendLine(Inline(incident.Title)).AppendLine();
        md.AppendLine("## Summary").AppendLine();
        md.AppendLine(Summary(incident, timeline, end)).AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        Row(md, "Severity", incident.Severity);
        Row(md, "State", incident.State.Text());
        Row(md, "Services", incident.Services.Count == 0 ? "—" : string.Join(", ", incident.Services));
        Row(md, "Commander", incident.Commander ?? "—");
        Row(md, "Opened", $"{Time(incident.OpenedAt)} by {incident.OpenedBy}");
        Row(md, "Acknowledged", incident.AcknowledgedAt is { } ack ? $"{Time(ack)} by {incident.AcknowledgedBy} (after {Span(ack - incident.OpenedAt)})" : "—");
        Row(md, "Mitigated", incident.MitigatedAt is { } mit ? $"{Time(mit)} (after {Span(mit - incident.OpenedAt)})" : "—");
        Row(md, "Resolved", incident.ResolvedAt is { } res ? $"{Time(res)} by {incident.ResolvedBy}" : "—");
        Row(md, "Alerts", incident.AlertFingerprints.Count.ToString(CultureInfo.InvariantCulture));
        Row(md, "Changes", incident.ChangeIds.Count == 0 ? "—" : string.Join(", ", incident.ChangeIds.Select(c => $"[{c}](/deployments?change={Uri.EscapeDataString(c)})")));
        md.AppendLine();

        md.AppendLine("## Impact").AppendLine();
        AppendImpact(md, incident, measured, end);
        md.AppendLine();

        md.AppendLine("## Timeline").AppendLine();
        md.AppendLine("| Time (UTC) | Source | Actor | What happened |").AppendLine("|---|---|---|---|");
        // In time order: collectors record some things after the fact (a trace that started before the incident opened,
        // a log minute judged once it was over), so recording order is not always the order things happened.
        foreach (var entry in timeline.OrderBy(e => e.At).ThenBy(e => e.Sequence))
        {
            var text = Cell(entry.Text);
            if (entry.Link is { } link)
            {
                text = $"{text} ([open]({link}))";
            }
            md.Append("| ").Append(Time(entry.At)).Append(" | ").Append(entry.Source.Text()).Append(" | ").Append(Cell(entry.Actor)).Append(" | ").Append(text).AppendLine(" |");
        }
        md.AppendLine();

        Human(md, PostmortemSections.RootCause, human, "_To be written: what made this happen, and why it was possible._");
        Human(md, PostmortemSections.WentWell, human, "- ");
        Human(md, PostmortemSections.WentWrong, human, "- ");
        Human(md, PostmortemSections.ActionItems, human, "| Action | Owner | Due |\n|---|---|---|\n| | | |");
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static string Summary(Incident incident, IReadOnlyList<TimelineEntry> timeline, DateTimeOffset end)
    {
        var services = incident.Services.Count == 0 ? "no named service" : string.Join(", ", incident.Services);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"A {incident.Severity} incident on {services}, opened {Time(incident.OpenedAt)} by {incident.OpenedBy}");
        text.Append(incident.State switch
        {
            IncidentState.Resolved => $", resolved after {Span(end - incident.OpenedAt)}.",
            IncidentState.Mitigated => $", mitigated after {Span(end - incident.OpenedAt)} (not yet resolved).",
            _ => $", still {incident.State.Text()} ({Span(end - incident.OpenedAt)} so far).",
        });
        // One clause per change: who asked, and where it ended (its last entry), not every step (the timeline has those).
        var changes = timeline.Where(e => e.Source == TimelineSource.Change && e.Ref is not null).OrderBy(e => e.Sequence).GroupBy(e => e.Ref!).ToList();
        if (changes.Count > 0)
        {
            text.Append(" Changes during the incident: ")
                .Append(string.Join("; ", changes.Take(5).Select(c => $"{c.Key} requested by {c.First().Actor}, last: {Inline(c.Last().Text)}")))
                .Append('.');
        }
        var spikes = timeline.Count(e => e.Source == TimelineSource.Logs);
        var traces = timeline.Count(e => e.Source == TimelineSource.Traces);
        if (spikes + traces > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" The console recorded {spikes} error-log spike(s) and {traces} slow or failing trace(s) of the impacted services.");
        }
        return text.ToString();
    }

    private void AppendImpact(StringBuilder md, Incident incident, IncidentImpact? measured, DateTimeOffset end)
    {
        md.Append("- Duration: ").Append(Span(end - incident.OpenedAt)).Append(" (").Append(Time(incident.OpenedAt)).Append(" to ").Append(Time(end)).AppendLine(")");
        if (measured is null)
        {
            md.AppendLine("- Requests and errors: not measured (the metrics source had no answer)");
            return;
        }
        md.Append("- Requests in the window: ").AppendLine(Count(measured.Requests));
        md.Append("- Errors (5xx) in the window: ").Append(Count(measured.Errors));
        md.AppendLine(measured.ErrorRatio is { } ratio ? string.Create(CultureInfo.InvariantCulture, $" ({ratio * 100:0.00}% of requests)") : "");
        md.Append("- p95 latency over the window: ").AppendLine(measured.P95Seconds is { } p95 ? string.Create(CultureInfo.InvariantCulture, $"{p95 * 1000:0} ms") : "no data");
        md.Append(CultureInfo.InvariantCulture, $"- Error budget burned (SLO {options.SloTarget * 100:0.###}% over {Span(options.SloWindow)}): ");
        md.AppendLine(measured.BudgetBurned is { } burn ? string.Create(CultureInfo.InvariantCulture, $"{burn * 100:0.00}% of the budget") : "no data");
    }

    private static void Human(StringBuilder md, string heading, IReadOnlyDictionary<string, string>? human, string placeholder)
    {
        md.Append("## ").AppendLine(heading).AppendLine();
        md.AppendLine(human is not null && human.TryGetValue(heading, out var body) && body.Trim().Length > 0 ? body : placeholder).AppendLine();
    }

    private static void Row(StringBuilder md, string name, string value) => md.Append("| ").Append(name).Append(" | ").Append(Cell(value)).AppendLine(" |");

    private static string Count(double? value) => value is { } v ? Math.Round(v).ToString("N0", CultureInfo.InvariantCulture) : "no data";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h")
            : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes}m")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s");
    }

    // Table cells: a pipe or a line break would end the cell or the row.
    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string text) => text.ReplaceLineEndings(" ").Trim();
}
