using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Security;
using Microsoft.Extensions.Time.Testing;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

public sealed class ChangeMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ChangeMachine _machine = new(new ChangesOptions());

    private DateTimeOffset Now => _time.GetUtcNow();

    private ChangeRecord Requested(Actor? by = null, ChangeKind kind = ChangeKind.Rollback)
    {
        var decision = _machine.Request(new ChangeDraft("ach-svc", kind, "v1.8.2", "latency since v1.9.0"), by ?? Engineer, "chg-1", "v1.9.0", Now);
        Assert.True(decision.Result.IsOk, decision.Result.Message);
        return decision.Change!;
    }

    private ChangeDecision Apply(ChangeRecord state, ChangeCommand command) => _machine.Apply(state, command, Now);

    private static IEnumerable<TransitionKind> Kinds(ChangeDecision d) => d.Transitions.Select(t => t.Kind);

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("oncall", false)]
    [InlineData("engineer", true)]
    [InlineData("lead1", true)]
    public void Only_engineers_and_leads_may_request(string who, bool allowed)
    {
        var actor = new[] { Viewer, OnCall, Engineer, Lead1 }.Single(a => a.Name == who);

        var decision = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "why"), actor, "chg-1", "v1.9.0", Now);

        Assert.Equal(allowed ? ChangeResultKind.Ok : ChangeResultKind.Forbidden, decision.Result.Kind);
        if (allowed)
        {
            Assert.Equal(ChangeState.Requested, decision.Change!.State);
            Assert.Equal("v1.9.0", decision.Change.FromVersion);
            Assert.Equal(Now.AddMinutes(15), decision.Change.ExpiresAt);
            Assert.Equal([TransitionKind.Requested], decision.Transitions.Select(t => t.Kind));
        }
        else
        {
            Assert.Equal(ChangeRefusals.MissingRole, decision.Result.Code);
            Assert.Null(decision.Change);
            Assert.Empty(decision.Transitions);
        }
    }

    [Fact]
    public void Roles_are_what_is_configured_not_a_ranking()
    {
        // A lead configured without the engineer role still approves; an on-call without engineer cannot request.
        var leadOnly = Actor.Create("lead-only", Role.Lead);
        var change = Requested();

        Assert.True(Apply(change, new ApproveChange(leadOnly)).Result.IsOk);
        Assert.Equal(ChangeResultKind.Forbidden, _machine.Request(new ChangeDraft("a", ChangeKind.Rollback, "v2", "r"), OnCall, "x", "v1", Now).Result.Kind);
    }

    [Theory]
    [InlineData("", "v1.8.2", "why", "service")]
    [InlineData("ach-svc", " ", "why", "targetVersion")]
    [InlineData("ach-svc", "v1.9.0", "why", "targetVersion")]
    [InlineData("ach-svc", "v1.8.2", "  ", "reason")]
    public void A_request_names_the_field_that_is_wrong(string service, string target, string reason, string field)
    {
        var decision = _machine.Request(new ChangeDraft(service, ChangeKind.Rollback, target, reason), Engineer, "chg-1", "v1.9.0", Now);

        Assert.Equal(ChangeResultKind.Invalid, decision.Result.Kind);
        Assert.Equal(field, decision.Result.Field);
    }

    [Fact]
    public void An_overlong_reason_is_refused()
    {
        var decision = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1", new string('x', 1001)), Engineer, "c", "v2", Now);

        Assert.Equal("reason", decision.Result.Field);
    }

    [Fact]
    public void A_second_lead_approves_and_that_claims_one_execution()
    {
        var change = Requested();

        var decision = Apply(change, new ApproveChange(Lead1));

        Assert.True(decision.Result.IsOk);
        Assert.Equal(ChangeState.Executing, decision.State.State);
        Assert.Equal("lead1", decision.State.ApprovedBy);
        Assert.Equal([TransitionKind.Approved, TransitionKind.ExecutionStarted], Kinds(decision));
        Assert.Equal(new PendingExecution(ExecutionAction.Rollback, 100, 1, Now, "approved by lead1"), decision.State.Execution);
        Assert.True(decision.StartsExecution);
    }

    [Fact]
    public void The_requester_can_never_approve_their_own_even_as_a_lead()
    {
        var change = Requested(by: Lead1);

        var decision = Apply(change, new ApproveChange(Lead1));

        Assert.Equal(ChangeResultKind.Forbidden, decision.Result.Kind);
        Assert.Equal(ChangeRefusals.SelfApproval, decision.Result.Code);
        Assert.Same(change, decision.State);
        Assert.Empty(decision.Transitions);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("oncall")]
    [InlineData("engineer2")]
    public void Only_a_lead_approves(string who)
    {
        var actor = new[] { Viewer, OnCall, Engineer2 }.Single(a => a.Name == who);

        var decision = Apply(Requested(), new ApproveChange(actor));

        Assert.Equal(ChangeRefusals.MissingRole, decision.Result.Code);
        Assert.Equal(ChangeState.Requested, decision.State.State);
    }

    [Fact]
    public void Approval_at_the_deadline_is_gone_and_expires_the_request()
    {
        var change = Requested();
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        Assert.True(Apply(change, new ApproveChange(Lead1)).Result.IsOk);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var late = Apply(change, new ApproveChange(Lead1));

        Assert.Equal(ChangeResultKind.Gone, late.Result.Kind);
        Assert.Equal(ChangeState.Expired, late.State.State);
        Assert.Equal([TransitionKind.Expired], Kinds(late));
        Assert.Equal(ChangeResultKind.Gone, Apply(late.State, new ApproveChange(Lead2)).Result.Kind);
    }

    [Fact]
    public void A_second_approval_is_a_conflict_and_changes_nothing()
    {
        var approved = Apply(Requested(), new ApproveChange(Lead1)).State;

        var again = Apply(approved, new ApproveChange(Lead2));
        var sameLead = Apply(approved, new ApproveChange(Lead1));

        Assert.Equal(ChangeRefusals.AlreadyDecided, again.Result.Code);
        Assert.Equal(ChangeResultKind.Conflict, sameLead.Result.Kind);
        Assert.Empty(again.Transitions);
        Assert.Contains("already approved by lead1", again.Result.Message);
    }

    [Fact]
    public void A_retry_with_the_same_idempotency_key_gets_the_same_answer_without_a_second_effect()
    {
        var first = Apply(Requested(), new ApproveChange(Lead1) { IdempotencyKey = "k1" });
        var finished = Apply(first.State, new FinishExecution(1, ExecutionResult.Ok("done"))).State;

        var retry = Apply(finished, new ApproveChange(Lead1) { IdempotencyKey = "k1" });
        var otherKey = Apply(finished, new ApproveChange(Lead1) { IdempotencyKey = "k2" });
        var stolenKey = Apply(finished, new ApproveChange(Lead2) { IdempotencyKey = "k1" });

        Assert.True(retry.Result.IsOk);
        Assert.True(retry.Result.Replayed);
        Assert.Empty(retry.Transitions);
        Assert.Equal(ChangeRefusals.AlreadyDecided, otherKey.Result.Code);
        Assert.Equal(ChangeResultKind.Invalid, stolenKey.Result.Kind);
    }

    [Fact]
    public void A_lead_rejects_and_the_requester_withdraws_but_nobody_else_may()
    {
        var change = Requested();

        var rejected = Apply(change, new RejectChange(Lead1, "not during payroll"));
        var withdrawn = Apply(change, new RejectChange(Engineer, ""));
        var other = Apply(change, new RejectChange(Engineer2, "no"));

        Assert.Equal(ChangeState.Rejected, rejected.State.State);
        Assert.Equal("not during payroll", rejected.State.RejectionReason);
        Assert.Equal([TransitionKind.Rejected], Kinds(rejected));
        Assert.Equal([TransitionKind.Withdrawn], Kinds(withdrawn));
        Assert.Equal(ChangeRefusals.MissingRole, other.Result.Code);
        Assert.Equal(ChangeResultKind.Conflict, Apply(rejected.State, new ApproveChange(Lead2)).Result.Kind);
    }

    [Fact]
    public void Break_glass_lets_a_lead_execute_alone_with_a_reason_and_is_loud()
    {
        var change = Requested(by: Lead1);

        var noReason = Apply(change, new BreakGlassChange(Lead1, " "));
        var engineer = Apply(change, new BreakGlassChange(Engineer, "outage"));
        var alone = Apply(change, new BreakGlassChange(Lead1, "payments down, lead2 unreachable"));

        Assert.Equal("reason", noReason.Result.Field);
        Assert.Equal(ChangeRefusals.MissingRole, engineer.Result.Code);
        Assert.Equal(ChangeState.Executing, alone.State.State);
        Assert.True(alone.State.BreakGlass);
        Assert.Equal("payments down, lead2 unreachable", alone.State.BreakGlassReason);
        Assert.Equal([TransitionKind.BreakGlass, TransitionKind.ExecutionStarted], Kinds(alone));
        Assert.True(alone.Transitions[0].Loud);
    }

    [Fact]
    public void Break_glass_cannot_revive_an_expired_request()
    {
        var change = Requested(by: Lead1);
        _time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(ChangeResultKind.Gone, Apply(change, new BreakGlassChange(Lead1, "now")).Result.Kind);
    }

    [Theory]
    [InlineData(true, ChangeState.Succeeded, TransitionKind.Executed)]
    [InlineData(false, ChangeState.Failed, TransitionKind.ExecutionFailed)]
    public void The_executor_result_finishes_a_rollback(bool succeeded, ChangeState state, TransitionKind kind)
    {
        var executing = Apply(Requested(), new ApproveChange(Lead1)).State;

        var done = Apply(executing, new FinishExecution(1, new ExecutionResult(succeeded, "rollout status: done")));

        Assert.Equal(state, done.State.State);
        Assert.Equal([kind], Kinds(done));
        Assert.Equal(Now, done.State.FinishedAt);
        Assert.Equal(ChangeRefusals.Stale, Apply(done.State, new FinishExecution(1, ExecutionResult.Ok("again"))).Result.Code);
    }

    [Fact]
    public void A_result_for_another_attempt_is_stale()
    {
        var executing = Apply(Requested(), new ApproveChange(Lead1)).State;

        Assert.Equal(ChangeRefusals.Stale, Apply(executing, new FinishExecution(2, ExecutionResult.Ok("?"))).Result.Code);
    }

    [Fact]
    public void An_interrupted_execution_fails_and_is_not_rerun()
    {
        var executing = Apply(Requested(), new ApproveChange(Lead1)).State;

        var interrupted = Apply(executing, new InterruptExecution());

        Assert.Equal(ChangeState.Failed, interrupted.State.State);
        Assert.StartsWith("interrupted", interrupted.State.LastResult!.Message);
        Assert.Equal([TransitionKind.Interrupted], Kinds(interrupted));
        Assert.False(interrupted.StartsExecution);
        Assert.Empty(Apply(Requested(), new InterruptExecution()).Transitions);
    }

    [Fact]
    public void The_clock_expires_a_request_only_after_its_deadline()
    {
        var change = Requested();
        Assert.Empty(Apply(change, new ExpireChange()).Transitions);
        Assert.False(ChangeMachine.IsExpiryDue(change, Now));

        _time.Advance(TimeSpan.FromMinutes(15));

        Assert.True(ChangeMachine.IsExpiryDue(change, Now));
        Assert.Equal(ChangeState.Expired, Apply(change, new ExpireChange()).State.State);
    }
}
