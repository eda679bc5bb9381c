namespace HmsOps.Core.Changes;

public enum ChangeKind
{
    /// <summary>Set the service back to an earlier version in one step.</summary>
    Rollback,

    /// <summary>Shift traffic to the target version step by step, analysing each step against the stable version.</summary>
    Canary,
}

/// <summary>
/// Where a change stands. <see cref="Requested"/>, <see cref="Executing"/> and <see cref="CanaryRunning"/> are "in
/// flight": at most one change per service is in one of them (enforced by the database). The others are final.
/// </summary>
public enum ChangeState
{
    /// <summary>Waiting for a second person (a lead) until it expires.</summary>
    Requested,

    /// <summary>Claimed for execution: the executor is (or was, before a crash) applying <see cref="ChangeRecord.Execution"/>.</summary>
    Executing,

    /// <summary>A canary holds a weight between steps: waiting for its pause, analysis, or a manual promote/abort.</summary>
    CanaryRunning,

    /// <summary>A rollback was applied.</summary>
    Succeeded,

    /// <summary>A canary reached 100 %: the target version is the stable one.</summary>
    Promoted,

    /// <summary>A canary was taken back to 0 % (by analysis or by hand): the stable version serves everything.</summary>
    Aborted,

    /// <summary>The executor reported a failure, or the console stopped mid-execution (never re-run on its own).</summary>
    Failed,

    /// <summary>Rejected by a lead, or withdrawn by its requester.</summary>
    Rejected,

    /// <summary>Nobody approved it within <see cref="ChangesOptions.ApprovalTtl"/>.</summary>
    Expired,
}

/// <summary>What the executor is asked to do.</summary>
public enum ExecutionAction
{
    /// <summary>Set the service to <see cref="ChangeRecord.TargetVersion"/>.</summary>
    Rollback,

    /// <summary>Send <see cref="ChangeExecution.WeightPercent"/> % of traffic to the target version (the canary).</summary>
    CanaryWeight,

    /// <summary>Make the target version the stable one and remove the canary.</summary>
    CanaryPromote,

    /// <summary>Send everything back to the stable version and remove the canary.</summary>
    CanaryAbort,
}

/// <summary>A manual decision about a running canary; guarded like a rollback (second lead, or break-glass).</summary>
public enum CanaryDecision
{
    Promote,
    Abort,
}

public static class ChangeStates
{
    public static bool IsInFlight(this ChangeState state) =>
        state is ChangeState.Requested or ChangeState.Executing or ChangeState.CanaryRunning;

    /// <summary>The spelling stored in <c>changes.db</c> and shown by the API: lower case, stable across releases.</summary>
    public static string Text(this ChangeState state) => state switch
    {
        ChangeState.Requested => "requested",
        ChangeState.Executing => "executing",
        ChangeState.CanaryRunning => "canary",
        ChangeState.Succeeded => "succeeded",
        ChangeState.Promoted => "promoted",
        ChangeState.Aborted => "aborted",
        ChangeState.Failed => "failed",
        ChangeState.Rejected => "rejected",
        _ => "expired",
    };

    /// <summary>The in-flight states as the SQL list used by the database's one-in-flight index.</summary>
    internal const string InFlightSql = "('requested', 'executing', 'canary')";
}
