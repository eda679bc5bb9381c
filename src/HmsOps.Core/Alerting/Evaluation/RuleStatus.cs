using HmsOps.Core.Alerting.Rules;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>A rule's health as Prometheus reports it: <c>unknown</c> before its first evaluation, then <c>ok</c> or <c>err</c>.</summary>
public enum RuleHealth
{
    Unknown,
    Ok,
    Err,
}

/// <summary>One rule after its latest evaluation; <see cref="State"/> is empty for recording rules.</summary>
public sealed record RuleStatus(
    Rule Rule,
    RuleHealth Health,
    string LastError,
    DateTimeOffset? LastEvaluation,
    TimeSpan EvaluationTime,
    AlertRuleState State)
{
    public static RuleStatus New(Rule rule) => new(rule, RuleHealth.Unknown, "", null, TimeSpan.Zero, AlertRuleState.Empty);

    public string Name => Rule switch
    {
        Rules.AlertingRule a => a.Name,
        RecordingRule r => r.Name,
        _ => "",
    };

    /// <summary>What identifies a rule across reloads (Prometheus matches on name and labels).</summary>
    public string Identity => Name + "\u001f" + string.Join(",", Rule.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}

/// <summary>One group after its latest evaluation, for the Rules page and <c>/api/v1/rules</c>.</summary>
public sealed record RuleGroupStatus(
    string File,
    string Name,
    TimeSpan Interval,
    int Limit,
    IReadOnlyList<RuleStatus> Rules,
    DateTimeOffset? LastEvaluation,
    TimeSpan EvaluationTime)
{
    /// <summary>The <see cref="AlertBook"/> scope the group's alerts are published under.</summary>
    public string Scope => ScopeOf(File, Name);

    /// <summary>The human-readable source shown on each alert.</summary>
    public string Source => $"{File} / {Name}";

    public static string ScopeOf(string file, string group) => $"rules:{file}:{group}";
}
