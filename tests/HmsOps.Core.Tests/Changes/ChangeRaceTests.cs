using HmsOps.Core.Changes;
using HmsOps.Core.Security;
using static HmsOps.Core.Tests.Changes.People;

namespace HmsOps.Core.Tests.Changes;

/// <summary>
/// Exactly once under real concurrency: two change services, each with its own SQLite connections to the same
/// files (as two console instances), approve the same request at the same moment. Repeated, because one lucky
/// interleaving proves nothing.
/// </summary>
public sealed class ChangeRaceTests
{
    private const int Rounds = 50;

    [Fact]
    public async Task Two_leads_approving_at_the_same_moment_execute_the_change_exactly_once()
    {
        await using var h = new ChangeHarness();
        var other = h.Open();
        await RaceAsync(h, other, Lead1, Lead2, sameKey: false);
    }

    [Fact]
    public async Task A_double_click_by_one_lead_executes_once()
    {
        await using var h = new ChangeHarness();
        await RaceAsync(h, h.Service, Lead1, Lead1, sameKey: false);
    }

    [Fact]
    public async Task A_retried_call_racing_its_original_executes_once_and_both_get_the_same_answer()
    {
        await using var h = new ChangeHarness();
        var other = h.Open();
        await RaceAsync(h, other, Lead1, Lead1, sameKey: true);
    }

    private static async Task RaceAsync(ChangeHarness h, ChangeService left, Actor leftLead, Actor rightLead, bool sameKey)
    {
        var right = h.Service;
        for (var round = 0; round < Rounds; round++)
        {
            var target = round % 2 == 0 ? "v1.8.2" : "v1.9.0";
            var requested = await right.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, target, $"round {round}"), Engineer);
            Assert.True(requested.IsOk, requested.Message);
            var id = requested.Change!.Id;
            using var barrier = new Barrier(2);
            var leftKey = sameKey ? $"k{round}" : $"left{round}";
            var rightKey = sameKey ? $"k{round}" : $"right{round}";

            var results = await Task.WhenAll(
                Task.Run(() => { barrier.SignalAndWait(); return left.ApproveAsync(id, leftLead, leftKey); }),
                Task.Run(() => { barrier.SignalAndWait(); return right.ApproveAsync(id, rightLead, rightKey); }));
            await Task.WhenAll(left.WhenIdleAsync(), right.WhenIdleAsync());

            Assert.Equal(1, h.Executor.CallsFor(id));
            Assert.Equal(ChangeState.Succeeded, right.Get(id)!.State);
            Assert.Single(right.Transitions(id), t => t.Kind == TransitionKind.ExecutionStarted);
            if (sameKey)
            {
                Assert.All(results, r => Assert.True(r.IsOk));
                Assert.Single(results, r => r.Replayed);
            }
            else
            {
                Assert.Single(results, r => r.IsOk);
                Assert.Single(results, r => r.Kind == ChangeResultKind.Conflict && r.Code == ChangeRefusals.AlreadyDecided);
            }
        }
        Assert.True(h.Audit.Verify().Intact);
        Assert.Equal(Rounds, h.Audit.ReadAll().Count(e => e.Action == Core.Audit.AuditActions.ChangeExecuted));
    }
}
