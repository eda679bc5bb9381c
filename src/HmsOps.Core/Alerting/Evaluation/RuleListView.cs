using System.Globalization;
using HmsOps.Core.Alerting.Rules;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>One row of the Rules page: everything already formatted, so the page only renders.</summary>
public sealed record RuleRowView(
    string Kind,
    string Name,
    string Expr,
    string For,
    string KeepFiringFor,
    IReadOnlyList<string> Labels,
    string State,
    int ActiveAlerts,
    string Health,
    string LastError,
    string LastEvaluation,
    string Duration);

public sealed record RuleGroupView(string Name, string Interval, int Limit, string LastEvaluation, string Duration, IReadOnlyList<RuleRowView> Rules);

/// <summary>A rule file on the Rules page: its groups in force, and why its newest version was refused, if it was.</summary>
public sealed record RuleFileView(string File, IReadOnlyList<string> Problems, bool KeepsPreviousVersion, IReadOnlyList<RuleGroupView> Groups);

/// <summary>Builds the Rules page from the evaluator's files and group statuses.</summary>
public static class RuleListView
{
    public static IReadOnlyList<RuleFileView> Create(IReadOnlyList<LoadedRuleFile> files, IReadOnlyList<RuleGroupStatus> groups, DateTimeOffset now) =>
        files.Select(file => new RuleFileView(
                file.File,
                file.Errors,
                file.HasProblem && file.HasGoodVersion,
                groups.Where(g => g.File == file.File).Select(g => Group(g, now)).ToArray()))
            .ToArray();

    /// <summary>A duration as Prometheus writes one: <c>1h30m</c>, <c>15s</c>, <c>0s</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }
        var parts = new List<string>();
        void Add(long value, string unit)
        {
            if (value > 0)
            {
                parts.Add(value.ToString(CultureInfo.InvariantCulture) + unit);
            }
        }
        Add((long)duration.TotalDays, "d");
        Add(duration.Hours, "h");
        Add(duration.Minutes, "m");
        Add(duration.Seconds, "s");
        Add(duration.Milliseconds, "ms");
        return string.Concat(parts);
    }

    /// <summary>How long an evaluation took, readable at a glance: <c>312 µs</c>, <c>4.2 ms</c>, <c>1.25 s</c>.</summary>
    public static string FormatElapsed(TimeSpan elapsed) =>
        elapsed.TotalMilliseconds < 1 ? $"{Math.Round(elapsed.TotalMicroseconds).ToString(CultureInfo.InvariantCulture)} µs"
        : elapsed.TotalSeconds < 1 ? $"{elapsed.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms"
        : $"{elapsed.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s";

    private static RuleGroupView Group(RuleGroupStatus group, DateTimeOffset now) =>
        new(group.Name, FormatDuration(group.Interval), group.Limit, Ago(group.LastEvaluation, now),
            group.LastEvaluation is null ? "–" : FormatElapsed(group.EvaluationTime), group.Rules.Select(r => Row(r, now)).ToArray());

    private static RuleRowView Row(RuleStatus status, DateTimeOffset now)
    {
        var (kind, forText, keepText) = status.Rule is Rules.AlertingRule a
            ? ("alert", FormatDuration(a.For), a.KeepFiringFor > TimeSpan.Zero ? FormatDuration(a.KeepFiringFor) : "")
            : ("record", "", "");
        return new RuleRowView(
            kind,
            status.Name,
            status.Rule.Expr.Trim(),
            forText,
            keepText,
            status.Rule.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToArray(),
            status.Rule is Rules.AlertingRule ? RulesApiWriter.RuleState(status.State) : "",
            status.State.Alerts.Count(x => x.State != AlertState.Inactive),
            status.Health switch { RuleHealth.Ok => "ok", RuleHealth.Err => "err", _ => "unknown" },
            status.LastError,
            Ago(status.LastEvaluation, now),
            status.LastEvaluation is null ? "–" : FormatElapsed(status.EvaluationTime));
    }

    private static string Ago(DateTimeOffset? at, DateTimeOffset now) =>
        at is not { } t ? "never"
        : $"{FormatDuration(TimeSpan.FromSeconds(Math.Max(0, Math.Floor((now - t).TotalSeconds))))} ago ({t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";
}
