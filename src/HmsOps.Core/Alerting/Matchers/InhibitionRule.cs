using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Matchers;

/// <summary>
/// An Alertmanager inhibit rule, parsed: while an alert matching <see cref="Source"/> fires, alerts matching
/// <see cref="Target"/> that have the same values for every <see cref="Equal"/> label (absent = absent) are muted.
/// An alert matching both sides never inhibits itself.
/// </summary>
public sealed record InhibitionRule(IReadOnlyList<LabelMatcher> Source, IReadOnlyList<LabelMatcher> Target, IReadOnlyList<string> Equal)
{
    public bool MatchesSource(LabelSet labels) => MatchesAll(Source, labels);

    public bool MatchesTarget(LabelSet labels) => MatchesAll(Target, labels);

    public bool AgreeOnEqual(LabelSet source, LabelSet target) =>
        Equal.All(name => string.Equals(source.Get(name), target.Get(name), StringComparison.Ordinal));

    /// <exception cref="FormatException">A matcher does not parse; the message names it.</exception>
    public static InhibitionRule From(HmsOps.Core.Notifications.InhibitRuleOptions options) =>
        new(MatcherParser.ParseAll(options.SourceMatchers), MatcherParser.ParseAll(options.TargetMatchers), options.Equal.ToList());

    public static bool MatchesAll(IReadOnlyList<LabelMatcher> matchers, LabelSet labels) =>
        matchers.All(m => CompiledMatcher.Compile(m).Matches(labels.Get(m.Name) ?? ""));
}
