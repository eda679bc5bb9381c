using System.Globalization;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Security;

namespace HmsOps.Core.Changes;

/// <summary>The second half of the rules: executor results and canary analysis, both reported by the console itself.</summary>
public sealed partial class ChangeMachine
{
    private ChangeDecision Finish(ChangeRecord s, FinishExecution command, DateTimeOffset now)
    {
        if (s.State != ChangeState.Executing || s.Execution is not { } execution || execution.Attempt != command.Attempt)
        {
            // A result for a claim that is no longer current (recovered as interrupted, or already recorded) changes nothing.
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.Stale,
                string.Create(CultureInfo.InvariantCulture, $"attempt {command.Attempt} of {s.Id} is not the one executing")));
        }
        var result = command.Result;
        var system = Actor.System.Name;
        var reported = s with { LastResult = result };
        if (!result.Succeeded)
        {
            var failedTransition = Transition(s, now, system, TransitionKind.ExecutionFailed, ChangeState.Failed,
                $"{Describe(execution)} failed: {result.Message}");
            if (execution.Action == ExecutionAction.CanaryWeight)
            {
                // A canary stuck at a half-applied weight is worse than none: take it back to the stable version.
                var abort = failedTransition with { To = ChangeState.Executing };
                var auto = Transition(s, now, system, TransitionKind.AutoAbort, ChangeState.Executing,
                    $"automatic abort: the canary step could not be applied ({result.Message})");
                return StartExecution(reported, [abort, auto], system, now, ExecutionAction.CanaryAbort, 0, "automatic abort after a failed step");
            }
            return Move(reported with { State = ChangeState.Failed, FinishedAt = now }, [failedTransition]);
        }
        switch (execution.Action)
        {
            case ExecutionAction.Rollback:
                return Move(reported with { State = ChangeState.Succeeded, FinishedAt = now }, [Transition(s, now, system, TransitionKind.Executed,
                    ChangeState.Succeeded, $"{s.Service} is on {s.TargetVersion} (was {s.FromVersion}): {result.Message}")]);
            case ExecutionAction.CanaryPromote:
                return Move(reported with { State = ChangeState.Promoted, FinishedAt = now }, [Transition(s, now, system, TransitionKind.Promoted,
                    ChangeState.Promoted, $"{s.TargetVersion} serves 100 % of {s.Service}: {result.Message}")]);
            case ExecutionAction.CanaryAbort:
                return Move(reported with { State = ChangeState.Aborted, FinishedAt = now }, [Transition(s, now, system, TransitionKind.Aborted,
                    ChangeState.Aborted, $"{s.FromVersion} serves 100 % of {s.Service} again: {result.Message}")]);
            default:
                var canary = s.Canary!;
                var index = IndexOf(canary.Steps, execution.WeightPercent);
                var progressed = reported with
                {
                    State = ChangeState.CanaryRunning,
                    Canary = canary with { StepIndex = index, NextAnalysisAt = now + canary.Pause, Inconclusive = 0 },
                };
                return Move(progressed, [Transition(s, now, system, TransitionKind.CanaryStepReached, ChangeState.CanaryRunning,
                    string.Create(CultureInfo.InvariantCulture,
                        $"step {index + 1} of {canary.Steps.Count}: {execution.WeightPercent} % on {s.TargetVersion}; analysis at {Stamp(now + canary.Pause)}"))]);
        }
    }

    private ChangeDecision Analyse(ChangeRecord s, RecordAnalysis command, DateTimeOffset now)
    {
        if (s.State != ChangeState.CanaryRunning || s.Canary is not { } canary)
        {
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.Stale, $"{s.Id} is {s.State.Text()}, not a running canary"));
        }
        if (!IsAnalysisDue(s, now))
        {
            // Two consoles (or two ticks) analysing the same step: only the first counts.
            return Same(s, ChangeResult.Conflict(s, ChangeRefusals.TooEarly, $"the analysis of {s.Id} is due at {Stamp(canary.NextAnalysisAt ?? now)}"));
        }
        var verdict = command.Verdict;
        var system = Actor.System.Name;
        var analysis = new CanaryAnalysis(canary.StepIndex, canary.CurrentWeight, now, verdict.Outcome, verdict.Reason);
        var analysed = canary with { Analyses = [.. canary.Analyses, analysis] };
        var outcome = verdict.Outcome;
        var inconclusive = outcome == CanaryOutcome.Inconclusive ? canary.Inconclusive + 1 : 0;
        var reason = verdict.Reason;
        if (outcome == CanaryOutcome.Inconclusive && inconclusive >= Options.MaxInconclusiveAnalyses)
        {
            outcome = CanaryOutcome.Fail;
            reason = string.Create(CultureInfo.InvariantCulture, $"no verdict after {inconclusive} tries ({verdict.Reason})");
        }
        var at = string.Create(CultureInfo.InvariantCulture, $"at {canary.CurrentWeight} %");
        switch (outcome)
        {
            case CanaryOutcome.Fail:
            {
                var failed = s with { Canary = analysed with { Pending = null, Inconclusive = inconclusive, NextAnalysisAt = null } };
                var transitions = new[]
                {
                    Transition(s, now, system, TransitionKind.AnalysisFailed, ChangeState.Executing, $"analysis {at} failed: {reason}"),
                    Transition(s, now, system, TransitionKind.AutoAbort, ChangeState.Executing, $"automatic abort and rollback to {s.FromVersion}: {reason}"),
                };
                return StartExecution(failed, transitions, system, now, ExecutionAction.CanaryAbort, 0, "automatic abort after a failed analysis");
            }
            case CanaryOutcome.Inconclusive:
            {
                var waiting = s with { Canary = analysed with { Inconclusive = inconclusive, NextAnalysisAt = now + Options.AnalysisRetry } };
                return Move(waiting, [Transition(s, now, system, TransitionKind.AnalysisInconclusive, s.State,
                    string.Create(CultureInfo.InvariantCulture,
                        $"analysis {at} inconclusive ({inconclusive} of {Options.MaxInconclusiveAnalyses}): {reason}; next try at {Stamp(now + Options.AnalysisRetry)}"))]);
            }
            default:
            {
                var passed = Transition(s, now, system, TransitionKind.AnalysisPassed, s.State, $"analysis {at} passed: {reason}");
                if (canary.Pending is not null)
                {
                    // A person asked to promote or abort: the canary holds its weight until that is decided.
                    var holding = s with { Canary = analysed with { Inconclusive = 0, NextAnalysisAt = now + canary.Pause } };
                    return Move(holding, [passed with { Detail = passed.Detail + "; holding while a promote/abort awaits approval" }]);
                }
                var next = canary.Steps[canary.StepIndex + 1];
                var advancing = s with { Canary = analysed with { Inconclusive = 0, NextAnalysisAt = null } };
                return StartExecution(advancing, [passed with { To = ChangeState.Executing }], system, now,
                    next == 100 ? ExecutionAction.CanaryPromote : ExecutionAction.CanaryWeight, next,
                    string.Create(CultureInfo.InvariantCulture, $"analysis {at} passed"));
            }
        }
    }

    private static int IndexOf(IReadOnlyList<int> steps, int weight)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] == weight)
            {
                return i;
            }
        }
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"weight {weight} % is not a step of this canary"));
    }
}
