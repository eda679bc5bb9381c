namespace HmsOps.Core.Changes;

public enum TransitionKind
{
    Requested,
    Approved,
    Rejected,
    Withdrawn,
    Expired,
    BreakGlass,
    ExecutionStarted,
    Executed,
    ExecutionFailed,
    Interrupted,
    CanaryStepReached,
    AnalysisPassed,
    AnalysisInconclusive,
    AnalysisFailed,
    AutoAbort,
    DecisionRequested,
    DecisionRejected,
    DecisionExpired,
    Promoted,
    Aborted,

    /// <summary>The firing alert the change answered has resolved since the change was applied.</summary>
    Mitigated,
}

/// <summary>
/// One thing that happened to a change: persisted as a row, appended to the audit log, notified and drawn on the
/// change's timeline. <see cref="Detail"/> is a sentence for people (numbers, versions, reasons).
/// </summary>
public sealed record ChangeTransition(string ChangeId, DateTimeOffset At, string Actor, TransitionKind Kind, ChangeState From, ChangeState To, string Detail)
{
    /// <summary>Break-glass and automatic aborts must reach people, not only the log.</summary>
    public bool Loud => Kind is TransitionKind.BreakGlass or TransitionKind.AutoAbort or TransitionKind.Interrupted;
}

/// <summary>What the machine decided: the new state, what happened (possibly nothing), and the answer to give.</summary>
public sealed record ChangeDecision(ChangeRecord State, IReadOnlyList<ChangeTransition> Transitions, ChangeResult Result)
{
    public bool StartsExecution => Transitions.Any(t => t.Kind == TransitionKind.ExecutionStarted);
}

/// <summary>What the machine decided about a request: the new change (null when refused), its first transition, and the answer.</summary>
public sealed record NewChange(ChangeRecord? Change, IReadOnlyList<ChangeTransition> Transitions, ChangeResult Result);
