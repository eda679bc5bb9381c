using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

public sealed class ChangeHousekeepingTests
{
    [Fact]
    public async Task Finished_changes_past_MaxHistory_are_pruned_but_stay_in_the_audit_log()
    {
        await using var h = new ChangeHarness(new ChangesOptions { MaxHistory = 2 });
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            var change = (await h.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", $"try {i}"), Engineer)).Change!;
            ids.Add(change.Id);
            if (i < 4)
            {
                await h.Service.RejectAsync(change.Id, Lead1, "not now");
            }
        }

        var kept = h.Service.List().Select(c => c.Id).ToList();

        Assert.Equal([ids[4], ids[3], ids[2]], kept);
        Assert.Null(h.Service.Get(ids[0]));
        Assert.Empty(h.Service.Transitions(ids[0]));
        Assert.Equal(5, h.AuditActions().Count(a => a == AuditActions.ChangeRequested));
    }

    [Fact]
    public async Task The_worker_recovers_at_start_then_expires_requests_on_its_tick()
    {
        await using var h = new ChangeHarness();
        var stuck = new FakeExecutor().WithService("claims-api", "v3.1.0");
        stuck.Behaviour = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return ExecutionResult.Ok("never"); };
        var crashed = h.Open(stuck);
        var interrupted = (await crashed.RequestAsync(new ChangeDraft("claims-api", ChangeKind.Rollback, "v3.0.0", "r"), Engineer)).Change!;
        await crashed.ApproveAsync(interrupted.Id, Lead1);
        await crashed.DisposeAsync();
        var stale = (await h.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "r"), Engineer)).Change!;
        var worker = new ChangeWorker(h.Service, new NeverAnalyzer(), Options.Create(h.Options), h.Time, NullLogger<ChangeWorker>.Instance);

        await worker.StartAsync(default);
        Assert.Equal(ChangeState.Failed, h.Service.Get(interrupted.Id)!.State);
        h.Time.Advance(TimeSpan.FromMinutes(16));

        await Poll.UntilAsync(() => h.Service.Get(stale.Id)!.State == ChangeState.Expired, "the tick expired the stale request");
        await worker.StopAsync(default);
        worker.Dispose();
    }

    [Fact]
    public async Task An_analyzer_that_throws_counts_as_inconclusive()
    {
        await using var h = new ChangeHarness();
        var id = (await h.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Canary, "v2.0.0", "r"), Engineer)).Change!.Id;
        await h.Service.ApproveAsync(id, Lead1);
        await h.Service.WhenIdleAsync();
        h.Time.Advance(h.Options.CanaryStepPause);

        await h.Service.AnalyseDueCanariesAsync(new NeverAnalyzer(), default);

        var analysis = Assert.Single(h.Service.Get(id)!.Canary!.Analyses);
        Assert.Equal(CanaryOutcome.Inconclusive, analysis.Outcome);
        Assert.Contains("query engine exploded", analysis.Reason);
    }

    private sealed class NeverAnalyzer : ICanaryAnalyzer
    {
        public Task<CanaryVerdict> AnalyzeAsync(ChangeRecord canary, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("query engine exploded");
    }
}
