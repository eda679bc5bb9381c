using HmsOps.Core.Demo;
using HmsOps.Core.Deployments;

namespace HmsOps.Core.Tests.Deployments;

public sealed class DemoFleetProviderTests
{
    [Fact]
    public async Task Each_demo_service_lists_its_running_version_image_and_replicas()
    {
        var fleet = new DemoFleetHarness();

        var services = (await fleet.Provider.ListServicesAsync(CancellationToken.None)).Value;

        Assert.Equal(["api-gw", "claims-api", "ach-svc"], services.Select(s => s.Name));
        var ach = services.Single(s => s.Name == "ach-svc");
        Assert.Equal("v1.9.0", ach.Version);
        Assert.Equal("registry.local/ach-svc:v1.9.0", ach.Image);
        Assert.Equal((3, 3), (ach.ReadyReplicas, ach.DesiredReplicas));
        Assert.Null(ach.InFlight);
        Assert.Matches("^[0-9a-f]{12}$", ach.ConfigDigest);
    }

    [Fact]
    public async Task History_lists_the_seeded_revisions_newest_first_with_the_current_one_marked()
    {
        var fleet = new DemoFleetHarness();

        var history = (await fleet.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value;

        Assert.Equal(["v1.9.0", "v1.8.2", "v1.8.0"], history.Select(r => r.Version));
        Assert.Equal([3L, 2L, 1L], history.Select(r => r.Revision));
        Assert.True(history[0].IsCurrent);
        Assert.All(history.Skip(1), r => Assert.False(r.IsCurrent));
        Assert.Equal("registry.local/ach-svc:v1.8.2", history[1].Image);
        Assert.All(history, r => Assert.False(string.IsNullOrEmpty(r.ChangeCause)));
    }

    [Fact]
    public async Task The_diff_to_an_earlier_version_shows_the_version_and_image_change()
    {
        var fleet = new DemoFleetHarness();

        var diff = (await fleet.Provider.DiffAsync("ach-svc", "v1.8.2", CancellationToken.None)).Value;

        Assert.Equal(
            [new DiffLine("version", "v1.9.0", "v1.8.2"), new DiffLine("image", "registry.local/ach-svc:v1.9.0", "registry.local/ach-svc:v1.8.2")],
            diff.Changes);
        Assert.Equal(3, diff.Target.Replicas);
        Assert.Equal("fedach", diff.Target.Config["RAIL"]);
    }

    [Fact]
    public async Task Unknown_services_and_versions_are_not_found()
    {
        var fleet = new DemoFleetHarness();

        Assert.Equal(DeploymentOutcome.NotFound, (await fleet.Provider.GetHistoryAsync("billing", CancellationToken.None)).Outcome);
        Assert.Equal(DeploymentOutcome.NotFound, (await fleet.Provider.DiffAsync("ach-svc", "v0.0.1", CancellationToken.None)).Outcome);
        var rollback = await fleet.Provider.RollbackAsync("ach-svc", "v1.9.1", "never deployed", null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.NotFound, rollback.Outcome);
        Assert.Contains("v1.8.2", rollback.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_moves_the_service_to_the_target_version_and_the_fault_bound_to_the_old_one_stops_hurting()
    {
        var fleet = new DemoFleetHarness();
        fleet.Faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 3_600 });
        var before = DemoFleetHarness.Requests(fleet.Traffic(seed: 1), "ach-svc").ToArray();
        var progress = new List<RolloutProgress>();

        var result = await fleet.WithClockAsync(() => fleet.Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7: ach latency since v1.9.0",
            new Progress(progress), CancellationToken.None));

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal("v1.8.2", result.Value.Version);
        Assert.Equal("registry.local/ach-svc:v1.8.2", result.Value.Image);
        Assert.All(before, m => Assert.Equal("v1.9.0", m.Labels.Get("version")));
        Assert.All(before, m => Assert.True(m.Value >= 3, $"before: {m.Value} s"));
        var after = DemoFleetHarness.Requests(fleet.Traffic(seed: 2), "ach-svc").ToArray();
        Assert.NotEmpty(after);
        Assert.All(after, m => Assert.Equal("v1.8.2", m.Labels.Get("version")));
        Assert.All(after, m => Assert.True(m.Value < 3, $"after: {m.Value} s"));
        // The rollout was rolling: replicas moved over one by one before it finished.
        Assert.Contains(progress, p => p.UpdatedReplicas is > 0 and < 3);
        Assert.Equal(3, progress[^1].UpdatedReplicas);
        var history = (await fleet.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value;
        Assert.Equal(new DeploymentRevision(4, "v1.8.2", "registry.local/ach-svc:v1.8.2", "INC-7: ach latency since v1.9.0", history[0].DeployedAt, true), history[0]);
    }

    [Fact]
    public async Task While_a_rollback_rolls_both_versions_answer_and_the_service_shows_it_in_flight()
    {
        var fleet = new DemoFleetHarness();
        var rollback = fleet.Provider.RollbackAsync("ach-svc", "v1.8.2", "test", null, CancellationToken.None);
        fleet.Time.Advance(TimeSpan.FromSeconds(5));

        var versions = DemoFleetHarness.Requests(fleet.Traffic(seed: 3, requestsPerSecond: 400), "ach-svc").Select(m => m.Labels.Get("version")).ToHashSet();
        var service = (await fleet.Provider.ListServicesAsync(CancellationToken.None)).Value.Single(s => s.Name == "ach-svc");

        Assert.Equal(new HashSet<string?> { "v1.9.0", "v1.8.2" }, versions);
        Assert.Equal("v1.9.0", service.Version);
        Assert.Equal(new InFlightChange(InFlightKind.Rollout, "v1.8.2", null, service.InFlight!.Detail), service.InFlight);
        Assert.True((await fleet.WithClockAsync(() => rollback)).IsOk);
    }

    [Fact]
    public async Task A_second_change_for_a_service_in_flight_is_a_conflict()
    {
        var fleet = new DemoFleetHarness();
        var first = fleet.Provider.RollbackAsync("ach-svc", "v1.8.2", "first", null, CancellationToken.None);

        var second = await fleet.Provider.RollbackAsync("ach-svc", "v1.8.0", "second", null, CancellationToken.None);
        var canary = await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", 5, "canary", CancellationToken.None);
        var otherService = await fleet.Provider.StartCanaryAsync("api-gw", "v2.5.0", 5, "canary", CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Conflict, second.Outcome);
        Assert.Contains("already rolling out v1.8.2", second.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentOutcome.Conflict, canary.Outcome);
        Assert.True(otherService.IsOk);
        Assert.Equal("v1.8.2", (await fleet.WithClockAsync(() => first)).Value.Version);
    }

    [Fact]
    public void Rollbacks_started_at_the_same_moment_start_exactly_one_rollout()
    {
        for (var round = 0; round < 20; round++)
        {
            var fleet = new DemoFleetHarness();
            var outcomes = new DeploymentOutcome[8];

            Parallel.For(0, outcomes.Length, i => outcomes[i] = fleet.State.StartRollback("ach-svc", "v1.8.2", $"attempt {i}").Outcome);

            Assert.Equal(1, outcomes.Count(o => o == DeploymentOutcome.Ok));
            Assert.All(outcomes.Where(o => o != DeploymentOutcome.Ok), o => Assert.Equal(DeploymentOutcome.Conflict, o));
        }
    }

    [Fact]
    public async Task Rolling_back_to_the_running_version_is_a_conflict_not_a_second_rollout()
    {
        var fleet = new DemoFleetHarness();

        var result = await fleet.Provider.RollbackAsync("ach-svc", "v1.9.0", "again", null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Conflict, result.Outcome);
        Assert.Equal(3, (await fleet.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value.Count);
    }

    [Fact]
    public async Task A_rollout_slower_than_the_timeout_reports_timeout_and_goes_on()
    {
        var fleet = new DemoFleetHarness(
            new DemoOptions { RolloutDuration = TimeSpan.FromMinutes(20) },
            new DeploymentOptions { RolloutTimeout = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromSeconds(5) });

        var result = await fleet.WithClockAsync(() => fleet.Provider.RollbackAsync("ach-svc", "v1.8.2", "slow", null, CancellationToken.None));

        Assert.Equal(DeploymentOutcome.Timeout, result.Outcome);
        Assert.Equal(InFlightKind.Rollout, fleet.State.Get("ach-svc")!.InFlight?.Kind);
        fleet.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("v1.8.2", fleet.State.CurrentVersion("ach-svc"));
    }

    private sealed class Progress(List<RolloutProgress> reports) : IProgress<RolloutProgress>
    {
        public void Report(RolloutProgress value) => reports.Add(value);
    }
}
