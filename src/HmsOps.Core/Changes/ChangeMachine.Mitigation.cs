using HmsOps.Core.Security;

namespace HmsOps.Core.Changes;

/// <summary>The after-effect of a change: its linked alert resolving marks it as having mitigated that alert.</summary>
public sealed partial class ChangeMachine
{
    private static ChangeDecision Mitigate(ChangeRecord s, MarkMitigated command, DateTimeOffset now)
    {
        if (!string.Equals(s.AlertFingerprint, command.AlertFingerprint, StringComparison.Ordinal))
        {
            return Same(s, ChangeResult.Invalid("alertFingerprint", $"{s.Id} was not made for alert {command.AlertFingerprint}"));
        }
        if (s.MitigatedAt is not null)
        {
            // The watcher may see the same resolve twice (a restart, a second console): the first mark stands.
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.AlreadyDecided, $"{s.Id} is already marked as having mitigated its alert"));
        }
        if (s.State is not (ChangeState.Succeeded or ChangeState.Promoted) || s.FinishedAt is not { } finished || command.ResolvedAt < finished)
        {
            // Only a change that took effect, before the alert cleared, can be credited with clearing it.
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.NotAwaiting,
                $"{s.Id} is {s.State.Text()}; only a change applied before the alert resolved can have mitigated it"));
        }
        var mitigated = s with { MitigatedAt = command.ResolvedAt };
        return Move(mitigated, [new ChangeTransition(s.Id, now, Actor.System.Name, TransitionKind.Mitigated, s.State, s.State,
            $"alert {command.AlertFingerprint} resolved at {Stamp(command.ResolvedAt)} after {s.Service} went to {s.TargetVersion}: the change mitigated it")]);
    }
}
