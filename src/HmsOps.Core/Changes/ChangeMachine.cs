using System.Globalization;
using HmsOps.Core.Security;

namespace HmsOps.Core.Changes;

/// <summary>
/// The rules of guarded changes as a pure function: (change, command, now) → (change, transitions, answer). No
/// clock, no storage, no executor: the <see cref="ChangeService"/> persists what this decides, and only a decision
/// that contains <see cref="TransitionKind.ExecutionStarted"/> leads to a call of the executor.
/// </summary>
public sealed partial class ChangeMachine(ChangesOptions options)
{
    public ChangesOptions Options { get; } = options;

    /// <summary>A new request, or the refusal of one. The one-in-flight-per-service rule is the store's (it sees all changes).</summary>
    public NewChange Request(ChangeDraft draft, Actor actor, string id, string currentVersion, DateTimeOffset now)
    {
        NewChange Refuse(ChangeResult result) => new(null, [], result);
        if (!actor.HasAny(Role.Engineer, Role.Lead))
        {
            return Refuse(ChangeResult.Forbidden(null, ChangeRefusals.MissingRole, $"{actor.Name} may not request changes: it takes the engineer or lead role"));
        }
        if (string.IsNullOrWhiteSpace(draft.Service))
        {
            return Refuse(ChangeResult.Invalid("service", "name the service to change"));
        }
        if (string.IsNullOrWhiteSpace(draft.TargetVersion))
        {
            return Refuse(ChangeResult.Invalid("targetVersion", "name the version to go to"));
        }
        if (string.Equals(draft.TargetVersion, currentVersion, StringComparison.Ordinal))
        {
            return Refuse(ChangeResult.Invalid("targetVersion", $"{draft.Service} already runs {currentVersion}"));
        }
        if (ReasonProblem(draft.Reason, required: true) is { } problem)
        {
            return Refuse(ChangeResult.Invalid("reason", problem));
        }
        var record = new ChangeRecord
        {
            Id = id,
            Service = draft.Service,
            Kind = draft.Kind,
            FromVersion = currentVersion,
            TargetVersion = draft.TargetVersion,
            Reason = draft.Reason.Trim(),
            RequestedBy = actor.Name,
            RequestedAt = now,
            ExpiresAt = now + Options.ApprovalTtl,
            State = ChangeState.Requested,
            AlertFingerprint = draft.AlertFingerprint,
            Canary = draft.Kind == ChangeKind.Canary
                ? new CanaryProgress { Steps = [.. Options.EffectiveCanarySteps], Pause = Options.CanaryStepPause }
                : null,
        };
        var what = draft.Kind == ChangeKind.Canary
            ? $"canary of {draft.Service} {currentVersion} → {draft.TargetVersion} in steps {string.Join(" → ", record.Canary!.Steps)} %"
            : $"rollback of {draft.Service} {currentVersion} → {draft.TargetVersion}";
        var transition = new ChangeTransition(id, now, actor.Name, TransitionKind.Requested, ChangeState.Requested, ChangeState.Requested,
            $"{what}: {record.Reason}");
        return new NewChange(record, [transition], ChangeResult.Ok(record));
    }

    public ChangeDecision Apply(ChangeRecord state, ChangeCommand command, DateTimeOffset now)
    {
        if (command.IdempotencyKey is { } key && state.IdempotencyKeys.FirstOrDefault(k => k.Key == key) is { } seen)
        {
            // A retry: answer as the first time, do nothing again. A key reused for something else is the caller's bug.
            return seen.Command == command.Name && seen.Actor == command.Actor.Name
                ? Same(state, ChangeResult.Ok(state) with { Replayed = true })
                : Same(state, ChangeResult.Invalid("idempotencyKey", $"this key was already used for '{seen.Command}' by {seen.Actor}"));
        }
        var decision = command switch
        {
            ApproveChange approve => Approve(state, approve.Actor, now),
            RejectChange reject => Reject(state, reject, now),
            BreakGlassChange breakGlass => BreakGlass(state, breakGlass, now),
            RequestCanaryDecision canaryDecision => RequestDecision(state, canaryDecision, now),
            ExpireChange => Expire(state, now),
            FinishExecution finish => Finish(state, finish, now),
            RecordAnalysis analysis => Analyse(state, analysis, now),
            InterruptExecution => Interrupt(state, now),
            MarkMitigated mitigated => Mitigate(state, mitigated, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "unknown change command"),
        };
        if (command.IdempotencyKey is { } newKey && decision.Result.IsOk)
        {
            var keys = decision.State.IdempotencyKeys.Append(new SeenKey(newKey, command.Name, command.Actor.Name))
                .TakeLast(Options.MaxIdempotencyKeys).ToList();
            var withKey = decision.State with { IdempotencyKeys = keys };
            decision = decision with { State = withKey, Result = decision.Result with { Change = withKey } };
        }
        return decision;
    }

    /// <summary>True when the console should analyse the canary's current step now.</summary>
    public static bool IsAnalysisDue(ChangeRecord change, DateTimeOffset now) =>
        change.State == ChangeState.CanaryRunning && change.Canary?.NextAnalysisAt is { } due && now >= due;

    /// <summary>True when an <see cref="ExpireChange"/> would change something.</summary>
    public static bool IsExpiryDue(ChangeRecord change, DateTimeOffset now) =>
        (change.State == ChangeState.Requested && now >= change.ExpiresAt) ||
        (change.State == ChangeState.CanaryRunning && change.Canary?.Pending is { } pending && now >= pending.ExpiresAt);

    private ChangeDecision Approve(ChangeRecord s, Actor actor, DateTimeOffset now)
    {
        if (!actor.Has(Role.Lead))
        {
            return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.MissingRole, $"{actor.Name} may not approve: it takes the lead role"));
        }
        if (s.State == ChangeState.Requested)
        {
            if (actor.Name == s.RequestedBy)
            {
                return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.SelfApproval,
                    $"{actor.Name} requested this change and cannot approve it; another lead must (or use break-glass)"));
            }
            if (now >= s.ExpiresAt)
            {
                return ExpireRequest(s, now, $"approval by {actor.Name} came after the request expired at {Stamp(s.ExpiresAt)}");
            }
            var approved = s with { ApprovedBy = actor.Name, ApprovedAt = now };
            var approval = Transition(s, now, actor.Name, TransitionKind.Approved, ChangeState.Executing, $"approved by {actor.Name}");
            return StartFirstExecution(approved, approval, actor.Name, now, $"approved by {actor.Name}");
        }
        if (s.State == ChangeState.CanaryRunning && s.Canary?.Pending is { } pending)
        {
            if (actor.Name == pending.RequestedBy)
            {
                return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.SelfApproval,
                    $"{actor.Name} asked to {Verb(pending.Decision)} this canary and cannot approve it; another lead must (or use break-glass)"));
            }
            if (now >= pending.ExpiresAt)
            {
                return ExpireDecision(s, pending, now, gone: true);
            }
            return ExecuteDecision(s, pending, actor.Name, now, $"{Verb(pending.Decision)} approved by {actor.Name}", breakGlassReason: null);
        }
        return Same(s, NotAwaiting(s, "approve"));
    }

    private ChangeDecision Reject(ChangeRecord s, RejectChange command, DateTimeOffset now)
    {
        var actor = command.Actor;
        if (ReasonProblem(command.Reason, required: false) is { } problem)
        {
            return Same(s, ChangeResult.Invalid("reason", problem));
        }
        var reason = command.Reason?.Trim() ?? "";
        if (s.State == ChangeState.Requested)
        {
            var withdrawing = actor.Name == s.RequestedBy;
            if (!withdrawing && !actor.Has(Role.Lead))
            {
                return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.MissingRole, $"{actor.Name} may not reject: it takes the lead role (or being the requester)"));
            }
            var rejected = s with { State = ChangeState.Rejected, RejectedBy = actor.Name, RejectedAt = now, RejectionReason = reason, FinishedAt = now };
            var kind = withdrawing ? TransitionKind.Withdrawn : TransitionKind.Rejected;
            var detail = (withdrawing ? $"withdrawn by {actor.Name}" : $"rejected by {actor.Name}") + (reason.Length > 0 ? $": {reason}" : "");
            return Move(rejected, [Transition(s, now, actor.Name, kind, ChangeState.Rejected, detail)]);
        }
        if (s.State == ChangeState.CanaryRunning && s.Canary?.Pending is { } pending)
        {
            if (actor.Name != pending.RequestedBy && !actor.Has(Role.Lead))
            {
                return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.MissingRole, $"{actor.Name} may not reject: it takes the lead role (or being the one who asked)"));
            }
            var kept = s with { Canary = s.Canary with { Pending = null } };
            return Move(kept, [Transition(s, now, actor.Name, TransitionKind.DecisionRejected, s.State,
                $"{Verb(pending.Decision)} rejected by {actor.Name}{(reason.Length > 0 ? $": {reason}" : "")}; the canary carries on")]);
        }
        return Same(s, NotAwaiting(s, "reject"));
    }

    private ChangeDecision BreakGlass(ChangeRecord s, BreakGlassChange command, DateTimeOffset now)
    {
        var actor = command.Actor;
        if (!actor.Has(Role.Lead))
        {
            return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.MissingRole, $"{actor.Name} may not use break-glass: it takes the lead role"));
        }
        if (ReasonProblem(command.Reason, required: true) is { } problem)
        {
            return Same(s, ChangeResult.Invalid("reason", "break-glass needs a reason: " + problem));
        }
        var reason = command.Reason.Trim();
        if (s.State == ChangeState.Requested)
        {
            if (now >= s.ExpiresAt)
            {
                return ExpireRequest(s, now, $"break-glass by {actor.Name} came after the request expired at {Stamp(s.ExpiresAt)}");
            }
            var alone = s with { BreakGlass = true, BreakGlassReason = reason, ApprovedBy = actor.Name, ApprovedAt = now };
            var loud = Transition(s, now, actor.Name, TransitionKind.BreakGlass, ChangeState.Executing,
                $"BREAK-GLASS: {actor.Name} executes without a second approval: {reason}");
            return StartFirstExecution(alone, loud, actor.Name, now, $"break-glass by {actor.Name}");
        }
        if (s.State == ChangeState.CanaryRunning && s.Canary?.Pending is { } pending)
        {
            if (now >= pending.ExpiresAt)
            {
                return ExpireDecision(s, pending, now, gone: true);
            }
            return ExecuteDecision(s, pending, actor.Name, now, $"BREAK-GLASS: {actor.Name} executes the {Verb(pending.Decision)} alone: {reason}", reason);
        }
        return Same(s, NotAwaiting(s, "break-glass"));
    }

    private ChangeDecision RequestDecision(ChangeRecord s, RequestCanaryDecision command, DateTimeOffset now)
    {
        var actor = command.Actor;
        if (s.Kind != ChangeKind.Canary)
        {
            return Same(s, ChangeResult.Invalid("kind", $"{s.Id} is a rollback; only a canary can be promoted or aborted"));
        }
        if (!actor.HasAny(Role.Engineer, Role.Lead))
        {
            return Same(s, ChangeResult.Forbidden(s, ChangeRefusals.MissingRole, $"{actor.Name} may not {Verb(command.Decision)} a canary: it takes the engineer or lead role"));
        }
        if (ReasonProblem(command.Reason, required: true) is { } problem)
        {
            return Same(s, ChangeResult.Invalid("reason", problem));
        }
        if (s.State != ChangeState.CanaryRunning)
        {
            var why = s.State == ChangeState.Executing ? "a step is being applied right now; try again when it is done" : $"the canary is {s.State.Text()}";
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.NotAwaiting, $"cannot {Verb(command.Decision)} {s.Id}: {why}"));
        }
        if (s.Canary!.Pending is { } existing)
        {
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.InFlight,
                $"{existing.RequestedBy} already asked to {Verb(existing.Decision)} this canary; approve or reject that first"));
        }
        var pending = new PendingDecision(command.Decision, actor.Name, now, now + Options.ApprovalTtl, command.Reason.Trim());
        var next = s with { Canary = s.Canary with { Pending = pending } };
        return Move(next, [Transition(s, now, actor.Name, TransitionKind.DecisionRequested, s.State,
            $"{actor.Name} asks to {Verb(command.Decision)} at {s.Canary.CurrentWeight} %: {pending.Reason}")]);
    }

    private static ChangeDecision Expire(ChangeRecord s, DateTimeOffset now)
    {
        if (s.State == ChangeState.Requested && now >= s.ExpiresAt)
        {
            var expired = ExpireRequest(s, now, $"nobody approved it by {Stamp(s.ExpiresAt)}");
            return expired with { Result = ChangeResult.Ok(expired.State) };
        }
        if (s.State == ChangeState.CanaryRunning && s.Canary?.Pending is { } pending && now >= pending.ExpiresAt)
        {
            return ExpireDecision(s, pending, now, gone: false);
        }
        return Same(s, ChangeResult.Ok(s));
    }

    private static ChangeDecision ExpireRequest(ChangeRecord s, DateTimeOffset now, string why)
    {
        var expired = s with { State = ChangeState.Expired, FinishedAt = now };
        var transitions = new[] { Transition(s, now, Actor.System.Name, TransitionKind.Expired, ChangeState.Expired, why) };
        // The request becomes expired whatever the answer: a late approval is refused (Gone) and the expiry is recorded.
        return new ChangeDecision(expired, transitions, ChangeResult.Gone(expired, $"{s.Id} expired at {Stamp(s.ExpiresAt)}; request it again"));
    }

    private static ChangeDecision ExpireDecision(ChangeRecord s, PendingDecision pending, DateTimeOffset now, bool gone)
    {
        var kept = s with { Canary = s.Canary! with { Pending = null } };
        var transitions = new[] { Transition(s, now, Actor.System.Name, TransitionKind.DecisionExpired, s.State,
            $"the request to {Verb(pending.Decision)} by {pending.RequestedBy} expired at {Stamp(pending.ExpiresAt)}; the canary carries on") };
        var result = gone
            ? ChangeResult.Gone(kept, $"the request to {Verb(pending.Decision)} expired at {Stamp(pending.ExpiresAt)}; ask again")
            : ChangeResult.Ok(kept);
        return new ChangeDecision(kept, transitions, result);
    }

    private ChangeDecision Interrupt(ChangeRecord s, DateTimeOffset now)
    {
        if (s.State != ChangeState.Executing)
        {
            return Same(s, ChangeResult.Ok(s));
        }
        var message = $"interrupted: the console stopped while {Describe(s.Execution!)} was running; it is not re-run, check {s.Service} and request again";
        var failed = s with { State = ChangeState.Failed, LastResult = ExecutionResult.Failed(message), FinishedAt = now };
        return Move(failed, [Transition(s, now, Actor.System.Name, TransitionKind.Interrupted, ChangeState.Failed, message)]);
    }

    private ChangeDecision StartFirstExecution(ChangeRecord s, ChangeTransition first, string actor, DateTimeOffset now, string cause)
    {
        if (s.Kind == ChangeKind.Rollback)
        {
            return StartExecution(s, [first], actor, now, ExecutionAction.Rollback, 100, cause);
        }
        var weight = s.Canary!.Steps[0];
        return StartExecution(s, [first], actor, now, weight == 100 ? ExecutionAction.CanaryPromote : ExecutionAction.CanaryWeight, weight, cause);
    }

    private ChangeDecision ExecuteDecision(ChangeRecord s, PendingDecision pending, string actor, DateTimeOffset now, string detail, string? breakGlassReason)
    {
        var cleared = s with
        {
            Canary = s.Canary! with { Pending = null },
            BreakGlass = s.BreakGlass || breakGlassReason is not null,
            BreakGlassReason = breakGlassReason ?? s.BreakGlassReason,
        };
        var kind = breakGlassReason is null ? TransitionKind.Approved : TransitionKind.BreakGlass;
        var first = Transition(s, now, actor, kind, ChangeState.Executing, detail);
        var action = pending.Decision == CanaryDecision.Promote ? ExecutionAction.CanaryPromote : ExecutionAction.CanaryAbort;
        return StartExecution(cleared, [first], actor, now, action, action == ExecutionAction.CanaryPromote ? 100 : 0, detail);
    }

    /// <summary>Claims one execution: the store commits this before the executor is called, and numbers it.</summary>
    private static ChangeDecision StartExecution(ChangeRecord s, IReadOnlyList<ChangeTransition> before, string actor, DateTimeOffset now,
        ExecutionAction action, int weight, string cause)
    {
        var from = before.Count > 0 ? before[^1].To : s.State;
        var execution = new PendingExecution(action, weight, s.Attempts + 1, now, cause);
        var next = s with { State = ChangeState.Executing, Execution = execution };
        var started = new ChangeTransition(s.Id, now, actor, TransitionKind.ExecutionStarted, from, ChangeState.Executing,
            $"{Describe(execution)} (attempt {execution.Attempt})");
        return Move(next, [.. before, started]);
    }

    private static ChangeDecision Same(ChangeRecord s, ChangeResult result) => new(s, [], result);

    private static ChangeDecision Move(ChangeRecord next, IReadOnlyList<ChangeTransition> transitions) =>
        new(next, transitions, ChangeResult.Ok(next));

    private static ChangeTransition Transition(ChangeRecord s, DateTimeOffset now, string actor, TransitionKind kind, ChangeState to, string detail) =>
        new(s.Id, now, actor, kind, s.State, to, detail);

    private static ChangeResult NotAwaiting(ChangeRecord s, string verb) => s.State switch
    {
        ChangeState.Expired => ChangeResult.Gone(s, $"{s.Id} expired at {Stamp(s.ExpiresAt)}; request it again"),
        ChangeState.Rejected => ChangeResult.Conflict(s, ChangeRefusals.AlreadyDecided, $"cannot {verb} {s.Id}: it was rejected by {s.RejectedBy}"),
        ChangeState.CanaryRunning => ChangeResult.Conflict(s, ChangeRefusals.NotAwaiting,
            $"cannot {verb} {s.Id}: the canary is running and nothing awaits approval (ask to promote or abort first)"),
        _ => ChangeResult.Conflict(s, ChangeRefusals.AlreadyDecided,
            $"cannot {verb} {s.Id}: already {(s.BreakGlass ? "executed under break-glass" : "approved")} by {s.ApprovedBy} and {s.State.Text()}"),
    };

    private string? ReasonProblem(string? reason, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(reason))
        {
            return "give a reason";
        }
        return reason is not null && reason.Length > Options.MaxReasonLength
            ? string.Create(CultureInfo.InvariantCulture, $"at most {Options.MaxReasonLength} characters")
            : null;
    }

    private static string Verb(CanaryDecision decision) => decision == CanaryDecision.Promote ? "promote" : "abort";

    internal static string Describe(PendingExecution e) => e.Action switch
    {
        ExecutionAction.Rollback => "rollback",
        ExecutionAction.CanaryWeight => string.Create(CultureInfo.InvariantCulture, $"canary weight {e.WeightPercent} %"),
        ExecutionAction.CanaryPromote => "canary promotion to 100 %",
        _ => "canary abort to 0 %",
    };

    internal static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
