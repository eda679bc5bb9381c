using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

public sealed class ChangeServiceTests
{
    private static ChangeDraft Rollback(string service = "ach-svc", string target = "v1.8.2") =>
        new(service, ChangeKind.Rollback, target, "p95 doubled since the last deploy");

    private static async Task<ChangeRecord> RequestedAsync(ChangeHarness h, string service = "ach-svc")
    {
        var result = await h.Service.RequestAsync(Rollback(service), Engineer);
        Assert.True(result.IsOk, result.Message);
        return result.Change!;
    }

    [Fact]
    public async Task An_approved_rollback_is_executed_once_and_recorded()
    {
        await using var h = new ChangeHarness();
        var change = await RequestedAsync(h);

        var approval = await h.Service.ApproveAsync(change.Id, Lead1);
        await h.Service.WhenIdleAsync();

        Assert.True(approval.IsOk);
        var done = h.Service.Get(change.Id)!;
        Assert.Equal(ChangeState.Succeeded, done.State);
        Assert.Equal("v1.9.0", done.FromVersion);
        Assert.Equal("v1.8.2", h.Executor.Version("ach-svc"));
        Assert.Equal(1, h.Executor.CallsFor(change.Id));
        Assert.Equal([TransitionKind.Requested, TransitionKind.Approved, TransitionKind.ExecutionStarted, TransitionKind.Executed],
            h.Service.Transitions(change.Id).Select(t => t.Kind));
        Assert.Equal([AuditActions.ChangeRequested, AuditActions.ChangeApproved, AuditActions.ExecutionStarted, AuditActions.ChangeExecuted], h.AuditActions());
        Assert.True(h.Audit.Verify().Intact);
    }

    [Fact]
    public async Task Self_approval_is_refused_and_nothing_runs()
    {
        await using var h = new ChangeHarness();
        var change = (await h.Service.RequestAsync(Rollback(), Lead1)).Change!;

        var result = await h.Service.ApproveAsync(change.Id, Lead1);

        Assert.Equal(ChangeResultKind.Forbidden, result.Kind);
        Assert.Equal(ChangeRefusals.SelfApproval, result.Code);
        Assert.Equal(ChangeState.Requested, h.Service.Get(change.Id)!.State);
        Assert.Empty(h.Executor.Calls);
    }

    [Fact]
    public async Task An_expired_request_cannot_be_approved_and_shows_as_expired()
    {
        await using var h = new ChangeHarness();
        var change = await RequestedAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(15));

        var result = await h.Service.ApproveAsync(change.Id, Lead1);

        Assert.Equal(ChangeResultKind.Gone, result.Kind);
        Assert.Equal(ChangeState.Expired, h.Service.Get(change.Id)!.State);
        Assert.Contains(AuditActions.ChangeExpired, h.AuditActions());
        Assert.Empty(h.Executor.Calls);
    }

    [Fact]
    public async Task The_clock_sweeps_expired_requests()
    {
        await using var h = new ChangeHarness();
        var change = await RequestedAsync(h);
        Assert.Equal(0, await h.Service.ExpireDueAsync());

        h.Time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(1, await h.Service.ExpireDueAsync());
        Assert.Equal(ChangeState.Expired, h.Service.Get(change.Id)!.State);
    }

    [Fact]
    public async Task Only_one_change_per_service_is_in_flight()
    {
        await using var h = new ChangeHarness();
        var first = await RequestedAsync(h);

        var second = await h.Service.RequestAsync(Rollback(target: "v1.7.0"), Engineer2);
        var otherService = await h.Service.RequestAsync(Rollback("claims-api", "v3.0.0"), Engineer2);

        Assert.Equal(ChangeResultKind.Conflict, second.Kind);
        Assert.Equal(ChangeRefusals.InFlight, second.Code);
        Assert.Contains(first.Id, second.Message);
        Assert.True(otherService.IsOk);

        await h.Service.ApproveAsync(first.Id, Lead1);
        await h.Service.WhenIdleAsync();
        Assert.True((await h.Service.RequestAsync(Rollback(target: "v1.9.0"), Engineer2)).IsOk);
    }

    [Fact]
    public async Task A_stale_request_does_not_block_a_new_one()
    {
        await using var h = new ChangeHarness();
        var stale = await RequestedAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        var fresh = await h.Service.RequestAsync(Rollback(target: "v1.7.0"), Engineer2);

        Assert.True(fresh.IsOk);
        Assert.Equal(ChangeState.Expired, h.Service.Get(stale.Id)!.State);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_change_in_flight()
    {
        await using var h = new ChangeHarness();
        await RequestedAsync(h);
        using var raw = new SqliteConnection($"Data Source={h.ChangesPath};Pooling=false");
        raw.Open();
        using var insert = raw.CreateCommand();
        insert.CommandText = "INSERT INTO changes (id, service, state, revision, requested_by, requested_at_ms, expires_at_ms, data) " +
            "VALUES ('chg-sneaky', 'ach-svc', 'executing', 1, 'mallory', 0, 0, '{}')";

        var error = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        Assert.Contains("UNIQUE", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_retried_approval_with_the_same_key_answers_the_same_and_runs_once()
    {
        await using var h = new ChangeHarness();
        var change = await RequestedAsync(h);

        var first = await h.Service.ApproveAsync(change.Id, Lead1, "key-1");
        await h.Service.WhenIdleAsync();
        var retry = await h.Service.ApproveAsync(change.Id, Lead1, "key-1");
        var newKey = await h.Service.ApproveAsync(change.Id, Lead1, "key-2");
        await h.Service.WhenIdleAsync();

        Assert.True(first.IsOk);
        Assert.True(retry.IsOk);
        Assert.True(retry.Replayed);
        Assert.Equal(ChangeResultKind.Conflict, newKey.Kind);
        Assert.Equal(ChangeRefusals.AlreadyDecided, newKey.Code);
        Assert.Equal(1, h.Executor.CallsFor(change.Id));
    }

    [Fact]
    public async Task A_retried_request_with_the_same_key_returns_the_first_change()
    {
        await using var h = new ChangeHarness();

        var first = await h.Service.RequestAsync(Rollback(), Engineer, "req-1");
        var retry = await h.Service.RequestAsync(Rollback(), Engineer, "req-1");

        Assert.Equal(first.Change!.Id, retry.Change!.Id);
        Assert.True(retry.Replayed);
        Assert.Single(h.Service.List());
    }

    [Fact]
    public async Task Refusals_come_before_any_lookup()
    {
        await using var h = new ChangeHarness();

        var viewer = await h.Service.RequestAsync(Rollback(), Viewer);
        var unknown = await h.Service.RequestAsync(Rollback("no-such-svc"), Engineer);
        var missing = await h.Service.ApproveAsync("chg-nope", Lead1);

        Assert.Equal(ChangeResultKind.Forbidden, viewer.Kind);
        Assert.Equal(ChangeResultKind.NotFound, unknown.Kind);
        Assert.Equal(ChangeResultKind.NotFound, missing.Kind);
        Assert.Empty(h.Service.List());
    }

    [Fact]
    public async Task A_failing_or_throwing_executor_leaves_a_failed_change_with_its_message()
    {
        await using var h = new ChangeHarness();
        h.Executor.Behaviour = (e, _) => e.Change.Service == "ach-svc"
            ? Task.FromResult(ExecutionResult.Failed("403 Forbidden: deployments.apps \"ach-svc\" is forbidden"))
            : throw new HttpRequestException("connection refused");
        var ach = await RequestedAsync(h);
        var claims = await RequestedAsync(h, "claims-api");

        await h.Service.ApproveAsync(ach.Id, Lead1);
        await h.Service.ApproveAsync(claims.Id, Lead1);
        await h.Service.WhenIdleAsync();

        Assert.Equal(ChangeState.Failed, h.Service.Get(ach.Id)!.State);
        Assert.Contains("403 Forbidden", h.Service.Get(ach.Id)!.LastResult!.Message);
        Assert.Equal("connection refused", h.Service.Get(claims.Id)!.LastResult!.Message);
        Assert.Equal(2, h.AuditActions().Count(a => a == AuditActions.ChangeFailed));
    }

    [Fact]
    public async Task Break_glass_is_audited_loudly_and_announced()
    {
        await using var h = new ChangeHarness();
        var announced = new List<ChangeTransition>();
        h.Service.Transitioned += (_, transitions) => { lock (announced) { announced.AddRange(transitions); } };
        var change = (await h.Service.RequestAsync(Rollback(), Lead1)).Change!;

        var result = await h.Service.BreakGlassAsync(change.Id, Lead1, "payments failing, no second lead reachable");
        await h.Service.WhenIdleAsync();

        Assert.True(result.IsOk);
        var entry = h.Audit.ReadAll().Single(e => e.Action == AuditActions.BreakGlass);
        Assert.Equal("lead1", entry.Actor);
        Assert.Contains("payments failing", entry.Detail);
        lock (announced)
        {
            Assert.Contains(announced, t => t.Kind == TransitionKind.BreakGlass && t.Loud);
        }
        Assert.Equal(ChangeState.Succeeded, h.Service.Get(change.Id)!.State);
    }

    [Fact]
    public async Task Subscribers_hear_about_every_commit()
    {
        await using var h = new ChangeHarness();
        var calls = 0;
        using var subscription = h.Service.Subscribe(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        await RequestedAsync(h);

        await Poll.UntilAsync(() => Volatile.Read(ref calls) >= 1, "the subscriber was told about the new request");
    }

    [Fact]
    public async Task A_failing_listener_does_not_fail_a_committed_change()
    {
        await using var h = new ChangeHarness();
        h.Service.Transitioned += (_, _) => throw new InvalidOperationException("webhook formatter broke");

        var result = await h.Service.RequestAsync(Rollback(), Engineer);

        Assert.True(result.IsOk);
        Assert.Single(h.AuditActions());
    }

    [Fact]
    public async Task Transitions_the_audit_log_could_not_take_are_appended_later_not_lost()
    {
        await using var h = new ChangeHarness();
        var flaky = new FlakyAudit(h.Audit) { Failing = true };
        var store = new Core.Changes.Storage.SqliteChangeStore(h.ChangesPath, 100);
        await using var service = new ChangeService(store, new ChangeMachine(h.Options), h.Executor, flaky, h.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ChangeService>.Instance);

        var result = await service.RequestAsync(Rollback(), Engineer);
        Assert.True(result.IsOk);
        Assert.Empty(h.AuditActions());

        flaky.Failing = false;
        Assert.Equal(1, service.FlushAuditBacklog());
        Assert.Equal(0, service.FlushAuditBacklog());

        Assert.Equal([AuditActions.ChangeRequested], h.AuditActions());
        store.Dispose();
    }

    private sealed class FlakyAudit(IAuditLog inner) : IAuditLog
    {
        public bool Failing { get; set; }

        public AuditEntry Append(AuditDraft draft) => Failing ? throw new IOException("disk full") : inner.Append(draft);
    }
}
