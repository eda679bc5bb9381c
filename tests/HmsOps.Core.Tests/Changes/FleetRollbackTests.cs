using HmsOps.Core.Changes;
using HmsOps.Core.Demo;
using HmsOps.Core.Tests.Deployments;

namespace HmsOps.Core.Tests.Changes;

/// <summary>An approved change runs on the real demo fleet: the version moves and the fault bound to the old version stops.</summary>
public sealed class FleetRollbackTests
{
    [Fact]
    public async Task An_approved_rollback_of_ach_svc_changes_its_version_and_the_latency_fault_stops_applying()
    {
        await using var harness = new FleetChangeHarness();
        var fleet = harness.Fleet;
        fleet.Faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000 });
        Assert.NotNull(fleet.Faults.For("ach-svc", fleet.State.CurrentVersion("ach-svc")!));

        var requested = await harness.Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s since v1.9.0"), People.Engineer);
        var approved = await harness.Changes.ApproveAsync(requested.Change!.Id, People.Lead1);
        var finished = await harness.UntilFinishedAsync(requested.Change.Id);

        Assert.True(approved.IsOk, approved.Message);
        Assert.Equal(ChangeState.Succeeded, finished.State);
        Assert.Equal("v1.9.0", finished.FromVersion);
        Assert.Equal("v1.8.2", fleet.State.CurrentVersion("ach-svc"));
        Assert.Null(fleet.Faults.For("ach-svc", "v1.8.2"));
        Assert.All(DemoFleetHarness.Requests(fleet.Traffic(seed: 7), "ach-svc"),
            m => Assert.True(m.Value < 3, $"the 3 s fault still shows on an ach-svc request after the rollback ({m.Value} s)"));
        var history = (await fleet.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value;
        Assert.Contains(requested.Change.Id, history[0].ChangeCause, StringComparison.Ordinal);
        Assert.Contains("approved by lead1", history[0].ChangeCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_to_a_version_the_fleet_does_not_have_fails_with_the_providers_reason()
    {
        await using var harness = new FleetChangeHarness();

        var requested = await harness.Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v0.0.1", "try an old one"), People.Engineer);
        await harness.Changes.ApproveAsync(requested.Change!.Id, People.Lead1);
        var finished = await harness.UntilFinishedAsync(requested.Change.Id);

        Assert.Equal(ChangeState.Failed, finished.State);
        Assert.Contains("v0.0.1", finished.LastResult!.Message, StringComparison.Ordinal);
        Assert.Equal("v1.9.0", harness.Fleet.State.CurrentVersion("ach-svc"));
    }
}
