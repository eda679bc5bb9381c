namespace HmsOps.Core.Audit;

/// <summary>What a caller appends: who did what to which thing, with details as a JSON object.</summary>
public sealed record AuditDraft(string Actor, string Action, string Target, string DetailJson = "{}");

/// <summary>
/// One stored entry. <see cref="Hash"/> = SHA-256 over <see cref="PrevHash"/> and the entry's canonical encoding
/// (<see cref="AuditHash"/>), so editing, deleting, reordering or inserting an entry breaks the chain after it.
/// </summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string Target, string Detail, string PrevHash, string Hash);

/// <summary>The result of <see cref="SqliteAuditLog.Verify"/>: intact, or the first entry that does not check out and why.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBadSeq, string? Problem, string HeadHash)
{
    public static AuditVerification Ok(long entries, string headHash) => new(true, entries, null, null, headHash);

    public static AuditVerification Broken(long entries, long seq, string problem, string headHash) => new(false, entries, seq, problem, headHash);
}

/// <summary>The actions the console records; stable strings, since exports and verifiers outlive releases.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInLockedOut = "sign-in-locked-out";
    public const string SignOut = "sign-out";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string AlertAcknowledged = "alert-acknowledged";
    public const string AlertSilenced = "alert-silenced";
    public const string SilenceExpired = "silence-expired";
    public const string ChangeRequested = "change-requested";
    public const string ChangeApproved = "change-approved";
    public const string ChangeRejected = "change-rejected";
    public const string ChangeWithdrawn = "change-withdrawn";
    public const string ChangeExpired = "change-expired";
    public const string BreakGlass = "break-glass";
    public const string ExecutionStarted = "change-execution-started";
    public const string ChangeExecuted = "change-executed";
    public const string ChangeFailed = "change-failed";
    public const string ChangeInterrupted = "change-interrupted";
    public const string CanaryStep = "canary-step";
    public const string CanaryAnalysis = "canary-analysis";
    public const string CanaryAutoAbort = "canary-auto-abort";
    public const string CanaryDecisionRequested = "canary-decision-requested";
    public const string CanaryDecisionRejected = "canary-decision-rejected";
    public const string CanaryDecisionExpired = "canary-decision-expired";
    public const string CanaryPromoted = "canary-promoted";
    public const string CanaryAborted = "canary-aborted";
    public const string ChangeMitigated = "change-mitigated";
}
