namespace HmsOps.Core.Alerting.Matchers;

/// <summary>The inhibit rules in force (from the notifications configuration, which can reload).</summary>
public interface IInhibitionRuleSource
{
    IReadOnlyList<InhibitionRule> Rules { get; }
}
