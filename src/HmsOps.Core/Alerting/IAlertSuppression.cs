namespace HmsOps.Core.Alerting;

/// <summary>Why an alert is not being notified right now (shown on the Alerts page).</summary>
/// <param name="SilencedBy">Ids of the active silences that match it.</param>
/// <param name="InhibitedBy">Fingerprints of the firing alerts that inhibit it.</param>
public sealed record AlertSuppressionState(IReadOnlyList<string> SilencedBy, IReadOnlyList<string> InhibitedBy)
{
    public static readonly AlertSuppressionState None = new([], []);

    public bool IsSuppressed => SilencedBy.Count > 0 || InhibitedBy.Count > 0;
}

/// <summary>
/// Answers "is this alert muted, and by what" with Alertmanager's rules (silences, inhibition), as the
/// dispatcher applies them. Security events are never muted.
/// </summary>
public interface IAlertSuppression
{
    AlertSuppressionState For(ConsoleAlert alert);
}
