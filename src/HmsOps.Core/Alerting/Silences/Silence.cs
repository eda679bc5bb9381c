using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Silences;

/// <summary>
/// An Alertmanager silence: alerts whose labels match every matcher (regexes anchored, an absent label matching
/// as "") are muted between <see cref="StartsAt"/> and <see cref="EndsAt"/>. Expiring sets <see cref="EndsAt"/> to now.
/// </summary>
public sealed record Silence(
    string Id,
    IReadOnlyList<LabelMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset UpdatedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool IsPendingAt(DateTimeOffset now) => now < StartsAt;

    public bool Matches(LabelSet labels) =>
        Matchers.All(m => CompiledMatcher.Compile(m).Matches(labels.Get(m.Name) ?? ""));

    /// <summary>Matchers as Alertmanager prints them: <c>{alertname="X", severity=~"crit.*"}</c>.</summary>
    public string MatchersText => "{" + string.Join(", ", Matchers.Select(FormatMatcher)) + "}";

    public static string FormatMatcher(LabelMatcher m) => m.Name + m.Op switch
    {
        MatchOp.Equal => "=",
        MatchOp.NotEqual => "!=",
        MatchOp.Regex => "=~",
        _ => "!~",
    } + "\"" + m.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
