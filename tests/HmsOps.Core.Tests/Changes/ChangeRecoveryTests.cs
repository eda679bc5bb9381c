using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

public sealed class ChangeRecoveryTests
{
    [Fact]
    public async Task A_change_caught_mid_execution_by_a_stop_is_marked_interrupted_at_start_and_not_rerun()
    {
        await using var h = new ChangeHarness();
        var stuck = new FakeExecutor().WithService("ach-svc", "v1.9.0");
        var started = new TaskCompletionSource();
        stuck.Behaviour = async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ExecutionResult.Ok("never");
        };
        var before = h.Open(stuck);
        var change = (await before.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "latency"), Engineer)).Change!;
        await before.ApproveAsync(change.Id, Lead1);
        await started.Task;

        await before.DisposeAsync();
        Assert.Equal(ChangeState.Executing, h.Service.Get(change.Id)!.State);

        var after = h.Open();
        var interrupted = await after.RecoverAsync();

        Assert.Equal(1, interrupted);
        var failed = after.Get(change.Id)!;
        Assert.Equal(ChangeState.Failed, failed.State);
        Assert.StartsWith("interrupted", failed.LastResult!.Message);
        Assert.Empty(h.Executor.Calls);
        Assert.Single(stuck.Calls);
        Assert.Contains(AuditActions.ChangeInterrupted, h.AuditActions());
        Assert.True((await after.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "again"), Engineer)).IsOk);
    }

    [Fact]
    public async Task A_result_arriving_after_recovery_changes_nothing()
    {
        await using var h = new ChangeHarness();
        var slow = new FakeExecutor().WithService("ach-svc", "v1.9.0");
        var release = new TaskCompletionSource<ExecutionResult>();
        slow.Behaviour = (_, _) => release.Task;
        var first = h.Open(slow);
        var change = (await first.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "latency"), Engineer)).Change!;
        await first.ApproveAsync(change.Id, Lead1);

        await h.Service.RecoverAsync();
        release.SetResult(ExecutionResult.Ok("done after all"));
        await first.WhenIdleAsync();

        Assert.Equal(ChangeState.Failed, h.Service.Get(change.Id)!.State);
        Assert.DoesNotContain(h.Service.Transitions(change.Id), t => t.Kind == TransitionKind.Executed);
    }

    [Fact]
    public async Task Transitions_a_crash_kept_out_of_the_audit_log_are_appended_at_start()
    {
        await using var h = new ChangeHarness();
        var change = (await h.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "latency"), Engineer)).Change!;
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.ChangesPath};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            // As if the console died between committing the transition and appending it to the audit log.
            command.CommandText = "UPDATE transitions SET audited = 0";
            command.ExecuteNonQuery();
        }

        await h.Open().RecoverAsync();

        var entries = h.Audit.ReadAll().Where(e => e.Target == $"change/{change.Id}").ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(AuditActions.ChangeRequested, e.Action));
        Assert.True(h.Audit.Verify().Intact);
    }
}
