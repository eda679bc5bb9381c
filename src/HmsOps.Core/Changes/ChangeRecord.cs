using HmsOps.Core.Changes.Canary;

namespace HmsOps.Core.Changes;

/// <summary>
/// One change request and everything that happened to it, as the state machine sees it. Immutable: the machine
/// returns a new record with each decision; <see cref="Revision"/> belongs to the store (its optimistic guard).
/// </summary>
public sealed record ChangeRecord
{
    public required string Id { get; init; }

    public required string Service { get; init; }

    public required ChangeKind Kind { get; init; }

    /// <summary>The version running when the request was made (the stable one, for a canary).</summary>
    public required string FromVersion { get; init; }

    public required string TargetVersion { get; init; }

    public required string Reason { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>Approval is refused from this moment on (Gone) and the request becomes <see cref="ChangeState.Expired"/>.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public required ChangeState State { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public string? RejectedBy { get; init; }

    public DateTimeOffset? RejectedAt { get; init; }

    public string? RejectionReason { get; init; }

    /// <summary>True when a lead executed it (or a canary decision) alone; <see cref="BreakGlassReason"/> says why.</summary>
    public bool BreakGlass { get; init; }

    public string? BreakGlassReason { get; init; }

    /// <summary>The firing alert this change answers, so the console can tell when the change mitigated it.</summary>
    public string? AlertFingerprint { get; init; }

    /// <summary>When the linked alert was seen resolved after this change took effect; null while it has not (or there is none).</summary>
    public DateTimeOffset? MitigatedAt { get; init; }

    /// <summary>Idempotency keys of accepted commands: a retry with one of them gets the same answer and changes nothing.</summary>
    public IReadOnlyList<SeenKey> IdempotencyKeys { get; init; } = [];

    /// <summary>Set for canaries only.</summary>
    public CanaryProgress? Canary { get; init; }

    /// <summary>What the executor was asked to do; set while <see cref="ChangeState.Executing"/>, kept afterwards for the record.</summary>
    public PendingExecution? Execution { get; init; }

    /// <summary>The executor's last answer.</summary>
    public ExecutionResult? LastResult { get; init; }

    /// <summary>
    /// How many executions were claimed (each canary step is one); numbers each claim so a late result cannot land twice.
    /// Derived from the last claim, which is never cleared, so the count and the claim cannot disagree.
    /// </summary>
    public int Attempts => Execution?.Attempt ?? 0;

    public DateTimeOffset? FinishedAt { get; init; }

    public int Revision { get; init; }
}

/// <summary>An accepted command's idempotency key, who sent it and which command it was.</summary>
public sealed record SeenKey(string Key, string Command, string Actor);

/// <summary>One execution claim: what to do, and its attempt number.</summary>
public sealed record PendingExecution(ExecutionAction Action, int WeightPercent, int Attempt, DateTimeOffset StartedAt, string Cause);

/// <summary>The executor's answer, in words for the timeline.</summary>
public sealed record ExecutionResult(bool Succeeded, string Message)
{
    public static ExecutionResult Ok(string message) => new(true, message);

    public static ExecutionResult Failed(string message) => new(false, message);
}

/// <summary>A canary's plan and where it is.</summary>
public sealed record CanaryProgress
{
    /// <summary>Traffic percentages in order; the last one is 100 (reaching it promotes).</summary>
    public required IReadOnlyList<int> Steps { get; init; }

    public required TimeSpan Pause { get; init; }

    /// <summary>Index into <see cref="Steps"/> of the weight now applied; -1 before the first step is applied.</summary>
    public int StepIndex { get; init; } = -1;

    /// <summary>When the next analysis is due (the step's pause, or a retry after an inconclusive one).</summary>
    public DateTimeOffset? NextAnalysisAt { get; init; }

    /// <summary>Inconclusive analyses in a row at this step.</summary>
    public int Inconclusive { get; init; }

    public IReadOnlyList<CanaryAnalysis> Analyses { get; init; } = [];

    /// <summary>A manual promote or abort waiting for a second lead.</summary>
    public PendingDecision? Pending { get; init; }

    public int CurrentWeight => StepIndex < 0 ? 0 : Steps[StepIndex];
}

/// <summary>One analysis of one step, as shown on the change's timeline.</summary>
public sealed record CanaryAnalysis(int StepIndex, int WeightPercent, DateTimeOffset At, CanaryOutcome Outcome, string Reason);

public sealed record PendingDecision(CanaryDecision Decision, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, string Reason);
