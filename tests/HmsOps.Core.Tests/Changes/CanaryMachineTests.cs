using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Canary;
using Microsoft.Extensions.Time.Testing;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

public sealed class CanaryMachineTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ChangeMachine _machine = new(new ChangesOptions());

    private DateTimeOffset Now => _time.GetUtcNow();

    private static readonly CanaryVerdict Passing = CanaryVerdict.Pass("fine", new("v1", 10, 0, 0.1), new("v2", 1, 0, 0.1));

    private ChangeDecision Apply(ChangeRecord state, ChangeCommand command) => _machine.Apply(state, command, Now);

    private ChangeRecord Approved()
    {
        var requested = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Canary, "v2", "new rail client"), Engineer, "chg-c", "v1", Now).Change!;
        return Apply(requested, new ApproveChange(Lead1)).State;
    }

    /// <summary>Reports success for the claimed execution and returns the canary at its new step.</summary>
    private ChangeRecord Applied(ChangeRecord executing) =>
        Apply(executing, new FinishExecution(executing.Execution!.Attempt, ExecutionResult.Ok("applied"))).State;

    [Fact]
    public void A_canary_walks_its_steps_with_a_pause_and_an_analysis_each_and_is_promoted_at_100()
    {
        var change = Approved();
        var executed = new List<(ExecutionAction, int)>();
        while (change.State == ChangeState.Executing)
        {
            executed.Add((change.Execution!.Action, change.Execution.WeightPercent));
            change = Applied(change);
            if (change.State != ChangeState.CanaryRunning)
            {
                break;
            }
            Assert.Equal(Now + Pause, change.Canary!.NextAnalysisAt);
            Assert.Equal(ChangeRefusals.TooEarly, Apply(change, new RecordAnalysis(Passing)).Result.Code);
            _time.Advance(Pause);
            change = Apply(change, new RecordAnalysis(Passing)).State;
        }

        Assert.Equal(
            [(ExecutionAction.CanaryWeight, 5), (ExecutionAction.CanaryWeight, 25), (ExecutionAction.CanaryWeight, 50), (ExecutionAction.CanaryPromote, 100)],
            executed);
        Assert.Equal(ChangeState.Promoted, change.State);
        Assert.Equal(3, change.Canary!.Analyses.Count);
        Assert.Equal(4, change.Attempts);
    }

    [Fact]
    public void A_regression_aborts_and_rolls_back_on_its_own()
    {
        var running = Applied(Approved());
        _time.Advance(Pause);

        var failed = Apply(running, new RecordAnalysis(CanaryVerdict.Fail("error rate 9 % on v2 vs 0.1 % on v1")));
        var aborted = Applied(failed.State);

        Assert.Equal([TransitionKind.AnalysisFailed, TransitionKind.AutoAbort, TransitionKind.ExecutionStarted], failed.Transitions.Select(t => t.Kind));
        Assert.Equal(ExecutionAction.CanaryAbort, failed.State.Execution!.Action);
        Assert.Contains("error rate 9 %", failed.Transitions[0].Detail);
        Assert.True(failed.Transitions[1].Loud);
        Assert.Equal(ChangeState.Aborted, aborted.State);
    }

    [Fact]
    public void No_data_is_not_a_pass_it_is_retried_then_fails()
    {
        var running = Applied(Approved());
        _time.Advance(Pause);
        var noData = CanaryVerdict.Inconclusive("too little traffic on the canary v2");

        var first = Apply(running, new RecordAnalysis(noData)).State;
        Assert.Equal(ChangeState.CanaryRunning, first.State);
        Assert.Equal(Now + TimeSpan.FromSeconds(30), first.Canary!.NextAnalysisAt);
        _time.Advance(TimeSpan.FromSeconds(30));
        var second = Apply(first, new RecordAnalysis(noData)).State;
        _time.Advance(TimeSpan.FromSeconds(30));
        var third = Apply(second, new RecordAnalysis(noData));

        Assert.Equal(2, second.Canary!.Inconclusive);
        Assert.Equal(ExecutionAction.CanaryAbort, third.State.Execution!.Action);
        Assert.Contains("no verdict after 3 tries", third.Transitions[0].Detail);
    }

    [Fact]
    public void A_pass_after_an_inconclusive_try_moves_on()
    {
        var running = Applied(Approved());
        _time.Advance(Pause);
        var waiting = Apply(running, new RecordAnalysis(CanaryVerdict.Inconclusive("no data"))).State;
        _time.Advance(TimeSpan.FromSeconds(30));

        var next = Apply(waiting, new RecordAnalysis(Passing)).State;

        Assert.Equal(25, next.Execution!.WeightPercent);
        Assert.Equal(0, next.Canary!.Inconclusive);
    }

    [Fact]
    public void A_step_that_cannot_be_applied_takes_the_canary_back()
    {
        var executing = Approved();

        var failed = Apply(executing, new FinishExecution(1, ExecutionResult.Failed("409 Conflict on deployments/ach-svc-canary")));

        Assert.Equal(ExecutionAction.CanaryAbort, failed.State.Execution!.Action);
        Assert.Equal(2, failed.State.Execution.Attempt);
        Assert.Equal([TransitionKind.ExecutionFailed, TransitionKind.AutoAbort, TransitionKind.ExecutionStarted], failed.Transitions.Select(t => t.Kind));
    }

    [Fact]
    public void A_manual_promote_needs_a_second_lead()
    {
        var running = Applied(Approved());

        var asked = Apply(running, new RequestCanaryDecision(Lead1, CanaryDecision.Promote, "metrics look great"));
        var own = Apply(asked.State, new ApproveChange(Lead1));
        var engineer = Apply(asked.State, new ApproveChange(Engineer));
        var twice = Apply(asked.State, new RequestCanaryDecision(Engineer, CanaryDecision.Abort, "hmm"));
        var approved = Apply(asked.State, new ApproveChange(Lead2));

        Assert.Equal([TransitionKind.DecisionRequested], asked.Transitions.Select(t => t.Kind));
        Assert.Equal(ChangeRefusals.SelfApproval, own.Result.Code);
        Assert.Equal(ChangeRefusals.MissingRole, engineer.Result.Code);
        Assert.Equal(ChangeRefusals.InFlight, twice.Result.Code);
        Assert.Equal(ExecutionAction.CanaryPromote, approved.State.Execution!.Action);
        Assert.Null(approved.State.Canary!.Pending);
        Assert.Equal(ChangeState.Promoted, Applied(approved.State).State);
    }

    [Fact]
    public void A_manual_abort_may_be_executed_alone_under_break_glass()
    {
        var running = Applied(Approved());
        var asked = Apply(running, new RequestCanaryDecision(Lead1, CanaryDecision.Abort, "customers complaining")).State;

        var alone = Apply(asked, new BreakGlassChange(Lead1, "customers complaining, no second lead online"));

        Assert.Equal(ExecutionAction.CanaryAbort, alone.State.Execution!.Action);
        Assert.True(alone.State.BreakGlass);
        Assert.Equal(TransitionKind.BreakGlass, alone.Transitions[0].Kind);
    }

    [Fact]
    public void An_unapproved_promote_expires_and_the_canary_carries_on()
    {
        var running = Applied(Approved());
        var asked = Apply(running, new RequestCanaryDecision(Engineer, CanaryDecision.Promote, "ship it")).State;
        _time.Advance(TimeSpan.FromMinutes(15));

        var late = Apply(asked, new ApproveChange(Lead1));

        Assert.Equal(ChangeResultKind.Gone, late.Result.Kind);
        Assert.Equal(ChangeState.CanaryRunning, late.State.State);
        Assert.Null(late.State.Canary!.Pending);
        Assert.Equal([TransitionKind.DecisionExpired], late.Transitions.Select(t => t.Kind));
    }

    [Fact]
    public void A_pending_decision_can_be_rejected_by_a_lead()
    {
        var running = Applied(Approved());
        var asked = Apply(running, new RequestCanaryDecision(Engineer, CanaryDecision.Abort, "nervous")).State;

        var rejected = Apply(asked, new RejectChange(Lead2, "numbers are fine"));

        Assert.Equal(ChangeState.CanaryRunning, rejected.State.State);
        Assert.Null(rejected.State.Canary!.Pending);
        Assert.Equal(ChangeResultKind.Conflict, Apply(rejected.State, new ApproveChange(Lead1)).Result.Kind);
    }

    [Fact]
    public void While_a_decision_awaits_approval_a_passing_analysis_holds_the_weight()
    {
        var running = Applied(Approved());
        var asked = Apply(running, new RequestCanaryDecision(Engineer, CanaryDecision.Promote, "ship it")).State;
        _time.Advance(Pause);

        var held = Apply(asked, new RecordAnalysis(Passing));

        Assert.Equal(ChangeState.CanaryRunning, held.State.State);
        Assert.Equal(5, held.State.Canary!.CurrentWeight);
        Assert.NotNull(held.State.Canary.Pending);
    }

    [Fact]
    public void A_rollback_cannot_be_promoted_and_a_step_in_progress_cannot_be_decided()
    {
        var rollback = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1", "r"), Engineer, "c", "v2", Now).Change!;

        Assert.Equal("kind", Apply(rollback, new RequestCanaryDecision(Engineer, CanaryDecision.Promote, "x")).Result.Field);
        Assert.Equal(ChangeRefusals.NotAwaiting, Apply(Approved(), new RequestCanaryDecision(Engineer, CanaryDecision.Abort, "x")).Result.Code);
    }

    [Fact]
    public void Configured_steps_are_used()
    {
        var machine = new ChangeMachine(new ChangesOptions { CanarySteps = [10, 100] });
        var requested = machine.Request(new ChangeDraft("ach-svc", ChangeKind.Canary, "v2", "r"), Engineer, "c", "v1", Now).Change!;

        Assert.Equal([10, 100], requested.Canary!.Steps);
        Assert.Equal(10, machine.Apply(requested, new ApproveChange(Lead1), Now).State.Execution!.WeightPercent);
    }
}
