using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Alerting.Silences;

namespace HmsOps.Core.Alerting;

/// <summary>
/// Silences and inhibition as Alertmanager applies them. Inhibition sources are the book's firing alerts.
/// <c>SecurityEvent</c> alerts are never muted: a security log must reach the SOC whatever anyone silenced.
/// </summary>
public sealed class AlertSuppression(AlertBook book, SilenceStore silences, Func<IReadOnlyList<InhibitionRule>> inhibitionRules)
    : IAlertSuppression
{
    public const string SecurityEventAlertName = "SecurityEvent";

    public AlertSuppressionState For(ConsoleAlert alert)
    {
        if (alert.Name == SecurityEventAlertName)
        {
            return AlertSuppressionState.None;
        }
        var silencedBy = silences.Matching(alert.Labels).Select(s => s.Id).ToList();
        var inhibitedBy = InhibitedBy(alert, book.Snapshot(), inhibitionRules());
        return silencedBy.Count == 0 && inhibitedBy.Count == 0
            ? AlertSuppressionState.None
            : new AlertSuppressionState(silencedBy, inhibitedBy);
    }

    /// <summary>Fingerprints of the firing alerts that inhibit <paramref name="target"/> under <paramref name="rules"/>.</summary>
    public static IReadOnlyList<string> InhibitedBy(ConsoleAlert target, IReadOnlyList<ConsoleAlert> alerts, IReadOnlyList<InhibitionRule> rules)
    {
        var result = new List<string>();
        foreach (var rule in rules.Where(r => r.MatchesTarget(target.Labels)))
        {
            foreach (var source in alerts)
            {
                if (source.IsFiring
                    && source.Fingerprint != target.Fingerprint
                    && rule.MatchesSource(source.Labels)
                    && rule.AgreeOnEqual(source.Labels, target.Labels)
                    // As Alertmanager: when the target also matches the source side, sources that match both sides
                    // do not count, so two alerts of one two-sided rule cannot mute each other.
                    && !(rule.MatchesSource(target.Labels) && rule.MatchesTarget(source.Labels)))
                {
                    result.Add(source.Fingerprint);
                }
            }
        }
        return result.Distinct(StringComparer.Ordinal).ToList();
    }
}
