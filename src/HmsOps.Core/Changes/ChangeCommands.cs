using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Security;

namespace HmsOps.Core.Changes;

/// <summary>What someone (or the console itself) asks of an existing change.</summary>
public abstract record ChangeCommand(Actor Actor)
{
    /// <summary>
    /// Set by callers that may retry (HTTP clients, the CLI): the same key from the same person for the same command
    /// gets the first answer again instead of a second effect.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Stable command name, kept with idempotency keys and shown in audit details.</summary>
    public abstract string Name { get; }
}

/// <summary>A lead other than the requester approves the request (or a pending canary promote/abort).</summary>
public sealed record ApproveChange(Actor Actor) : ChangeCommand(Actor)
{
    public override string Name => "approve";
}

/// <summary>A lead rejects, or the requester withdraws, the request (or a pending canary promote/abort).</summary>
public sealed record RejectChange(Actor Actor, string Reason) : ChangeCommand(Actor)
{
    public override string Name => "reject";
}

/// <summary>A lead executes alone, with a mandatory reason. Loudly audited and notified.</summary>
public sealed record BreakGlassChange(Actor Actor, string Reason) : ChangeCommand(Actor)
{
    public override string Name => "break-glass";
}

/// <summary>Asks to promote or abort a running canary; executes only after approval by another lead (or break-glass).</summary>
public sealed record RequestCanaryDecision(Actor Actor, CanaryDecision Decision, string Reason) : ChangeCommand(Actor)
{
    public override string Name => Decision == CanaryDecision.Promote ? "promote" : "abort";
}

/// <summary>The console's clock: expires requests (and pending canary decisions) past their time.</summary>
public sealed record ExpireChange() : ChangeCommand(Actor.System)
{
    public override string Name => "expire";
}

/// <summary>The executor's answer for one claimed attempt.</summary>
public sealed record FinishExecution(int Attempt, ExecutionResult Result) : ChangeCommand(Actor.System)
{
    public override string Name => "finish";
}

/// <summary>The canary analysis of the current step.</summary>
public sealed record RecordAnalysis(CanaryVerdict Verdict) : ChangeCommand(Actor.System)
{
    public override string Name => "analysis";
}

/// <summary>Start-up found the change claimed but without a result: the console stopped mid-execution.</summary>
public sealed record InterruptExecution() : ChangeCommand(Actor.System)
{
    public override string Name => "interrupt";
}

/// <summary>A new change as asked for; the current version comes from the executor, not from the caller.</summary>
public sealed record ChangeDraft(string Service, ChangeKind Kind, string TargetVersion, string Reason)
{
    public string? AlertFingerprint { get; init; }
}

/// <summary>The alert the change was made for resolved after the change took effect: the change mitigated it.</summary>
public sealed record MarkMitigated(string AlertFingerprint, DateTimeOffset ResolvedAt) : ChangeCommand(Actor.System)
{
    public override string Name => "mitigated";
}
