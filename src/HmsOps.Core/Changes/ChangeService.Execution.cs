using System.Text.Json;
using HmsOps.Core.Audit;
using HmsOps.Core.Changes.Storage;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Changes;

public sealed partial class ChangeService
{
    private void StartExecution(ChangeRecord claimed)
    {
        var task = Task.Run(() => ExecuteAsync(claimed));
        lock (_runningGate)
        {
            _running.Add(task);
        }
        _ = task.ContinueWith(done =>
        {
            lock (_runningGate)
            {
                _running.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(ChangeRecord claimed)
    {
        var execution = claimed.Execution!;
        ExecutionResult result;
        try
        {
            result = await _executor.ExecuteAsync(new ChangeExecution(claimed, execution.Action, execution.WeightPercent, execution.Attempt), _stopping.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            LogAbandoned(_logger, claimed.Id, null);
            return;
        }
        catch (Exception ex)
        {
            result = ExecutionResult.Failed(ex.Message);
        }
        try
        {
            await HandleAsync(claimed.Id, new FinishExecution(execution.Attempt, result)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The result could not be recorded (disk gone?): the change stays "executing" and start-up marks it interrupted.
            LogResultLost(_logger, claimed.Id, ex);
        }
    }

    /// <summary>Audits, then tells listeners: in that order, so nothing is announced that is not in the audit log.</summary>
    private void Published(IReadOnlyList<StoredTransition> written)
    {
        if (written.Count == 0)
        {
            return;
        }
        try
        {
            foreach (var stored in written)
            {
                AppendToAudit(stored);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The change is committed; its transitions stay flagged and the next tick (or start) appends them.
            LogAuditDeferred(_logger, ex);
        }
        foreach (var group in written.GroupBy(t => t.Transition.ChangeId))
        {
            if (_store.Get(group.Key) is not { } change)
            {
                continue;
            }
            var transitions = group.Select(t => t.Transition).ToList();
            foreach (var loud in transitions.Where(t => t.Loud))
            {
                LogLoud(_logger, change.Service, change.Id, loud.Kind.ToString(), loud.Actor, loud.Detail, null);
            }
            try
            {
                Transitioned?.Invoke(change, transitions);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A listener's failure (a webhook formatter) must not turn a committed change into an error for its caller.
                LogListenerFailed(_logger, change.Id, ex);
            }
        }
        _subscribers.Notify();
    }

    /// <summary>Appends transitions that are committed but not yet in the audit log (after a crash or an audit write failure).</summary>
    public int FlushAuditBacklog()
    {
        var backlog = _store.Unaudited();
        foreach (var stored in backlog)
        {
            AppendToAudit(stored);
        }
        return backlog.Count;
    }

    private void AppendToAudit(StoredTransition stored)
    {
        lock (_auditGate)
        {
            // The tick's backlog flush and a command's own append may meet on the same row: the flag decides.
            if (_store.IsAudited(stored.Id))
            {
                return;
            }
            var t = stored.Transition;
            var change = _store.Get(t.ChangeId);
            var detail = JsonSerializer.Serialize(new AuditDetail(t.ChangeId, change?.Service, change?.Kind.ToString().ToLowerInvariant(),
                change?.FromVersion, change?.TargetVersion, t.Kind.ToString(), t.From.Text(), t.To.Text(), t.Detail, stored.Id,
                change?.BreakGlass == true ? change.BreakGlassReason : null), AuditDetailJson);
            _audit.Append(new AuditDraft(t.Actor, AuditAction(t.Kind), $"change/{t.ChangeId}", detail));
            // Between the append and this mark a crash would append the entry again at start-up; transitionId tells the two apart.
            _store.MarkAudited(stored.Id);
        }
    }

    internal static string AuditAction(TransitionKind kind) => kind switch
    {
        TransitionKind.Requested => AuditActions.ChangeRequested,
        TransitionKind.Approved => AuditActions.ChangeApproved,
        TransitionKind.Rejected => AuditActions.ChangeRejected,
        TransitionKind.Withdrawn => AuditActions.ChangeWithdrawn,
        TransitionKind.Expired => AuditActions.ChangeExpired,
        TransitionKind.BreakGlass => AuditActions.BreakGlass,
        TransitionKind.ExecutionStarted => AuditActions.ExecutionStarted,
        TransitionKind.Executed => AuditActions.ChangeExecuted,
        TransitionKind.ExecutionFailed => AuditActions.ChangeFailed,
        TransitionKind.Interrupted => AuditActions.ChangeInterrupted,
        TransitionKind.CanaryStepReached => AuditActions.CanaryStep,
        TransitionKind.AnalysisPassed or TransitionKind.AnalysisInconclusive or TransitionKind.AnalysisFailed => AuditActions.CanaryAnalysis,
        TransitionKind.AutoAbort => AuditActions.CanaryAutoAbort,
        TransitionKind.DecisionRequested => AuditActions.CanaryDecisionRequested,
        TransitionKind.DecisionRejected => AuditActions.CanaryDecisionRejected,
        TransitionKind.DecisionExpired => AuditActions.CanaryDecisionExpired,
        TransitionKind.Promoted => AuditActions.CanaryPromoted,
        TransitionKind.Mitigated => AuditActions.ChangeMitigated,
        _ => AuditActions.CanaryAborted,
    };

    private static readonly JsonSerializerOptions AuditDetailJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record AuditDetail(string ChangeId, string? Service, string? Kind, string? FromVersion, string? TargetVersion,
        string Transition, string From, string To, string Detail, long TransitionId, string? BreakGlassReason);

    private static readonly Action<ILogger, string, string, string, string, string, Exception?> LogLoud =
        LoggerMessage.Define<string, string, string, string, string>(LogLevel.Warning, new EventId(6001, "ChangeLoud"),
            "Change on {Service} ({ChangeId}): {Transition} by {Actor}: {Detail}");

    private static readonly Action<ILogger, string, Exception?> LogAbandoned =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(6002, "ChangeAbandoned"),
            "Execution of {ChangeId} was cancelled by shutdown; it stays executing and is marked interrupted at the next start");

    private static readonly Action<ILogger, string, Exception?> LogResultLost =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(6003, "ChangeResultLost"),
            "The result of {ChangeId} could not be recorded; it stays executing and is marked interrupted at the next start");

    private static readonly Action<ILogger, Exception?> LogAuditDeferred =
        LoggerMessage.Define(LogLevel.Error, new EventId(6004, "ChangeAuditDeferred"),
            "Change transitions could not be appended to the audit log yet; they are kept and appended on the next tick");

    private static readonly Action<ILogger, string, Exception?> LogListenerFailed =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(6005, "ChangeListenerFailed"),
            "A listener of change {ChangeId} failed; the change itself is committed");
}
