using HmsOps.Core.Changes;
using Microsoft.Extensions.Time.Testing;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

/// <summary>Only a change that took effect before its alert resolved is credited with mitigating it, and only once.</summary>
public sealed class MitigationMachineTests
{
    private const string Fingerprint = "a1b2c3d4e5f60718";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ChangeMachine _machine = new(new ChangesOptions());

    private DateTimeOffset Now => _time.GetUtcNow();

    private ChangeRecord Executed()
    {
        var requested = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "latency since v1.9.0") { AlertFingerprint = Fingerprint },
            Engineer, "chg-1", "v1.9.0", Now).Change!;
        var executing = _machine.Apply(requested, new ApproveChange(Lead1), Now).State;
        _time.Advance(TimeSpan.FromSeconds(12));
        return _machine.Apply(executing, new FinishExecution(executing.Execution!.Attempt, ExecutionResult.Ok("done")), Now).State;
    }

    [Fact]
    public void A_resolve_after_the_change_marks_it_once_and_keeps_its_state()
    {
        var executed = Executed();
        _time.Advance(TimeSpan.FromMinutes(3));

        var first = _machine.Apply(executed, new MarkMitigated(Fingerprint, Now), Now);
        var second = _machine.Apply(first.State, new MarkMitigated(Fingerprint, Now), Now);

        Assert.True(first.Result.IsOk);
        Assert.Equal(ChangeState.Succeeded, first.State.State);
        Assert.Equal(Now, first.State.MitigatedAt);
        var transition = Assert.Single(first.Transitions);
        Assert.Equal(TransitionKind.Mitigated, transition.Kind);
        Assert.Equal(ChangeResultKind.Conflict, second.Result.Kind);
        Assert.Empty(second.Transitions);
    }

    [Fact]
    public void A_resolve_before_the_change_finished_another_alert_or_an_unfinished_change_is_not_credited()
    {
        var executed = Executed();
        var requested = _machine.Request(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "why") { AlertFingerprint = Fingerprint },
            Engineer, "chg-2", "v1.9.0", Now).Change!;

        var early = _machine.Apply(executed, new MarkMitigated(Fingerprint, executed.FinishedAt!.Value.AddSeconds(-1)), Now);
        var other = _machine.Apply(executed, new MarkMitigated("ffffffffffffffff", Now), Now);
        var pending = _machine.Apply(requested, new MarkMitigated(Fingerprint, Now), Now);

        Assert.Equal(ChangeResultKind.Conflict, early.Result.Kind);
        Assert.Equal(ChangeResultKind.Invalid, other.Result.Kind);
        Assert.Equal(ChangeResultKind.Conflict, pending.Result.Kind);
        Assert.All(new[] { early, other, pending }, d => Assert.Empty(d.Transitions));
    }
}
