using HmsOps.Core.Demo;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Deployments;

public sealed class DemoFleetPersistenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task After_a_restart_the_service_still_runs_the_version_it_was_rolled_back_to()
    {
        var path = _dir.Combine(DemoFleetStore.FileName);
        var first = new DemoFleetHarness(statePath: path);
        await first.WithClockAsync(() => first.Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7", null, CancellationToken.None));
        await first.Provider.StartCanaryAsync("api-gw", "v2.5.0", 5, "canary", CancellationToken.None);

        var restarted = new DemoFleetHarness(statePath: path);

        Assert.Equal("v1.8.2", restarted.State.CurrentVersion("ach-svc"));
        Assert.Equal(["v1.8.2", "v1.9.0", "v1.8.2", "v1.8.0"],
            (await restarted.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value.Select(r => r.Version));
        Assert.Equal("v2.5.0", restarted.State.Canary("api-gw")?.CanaryVersion);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void An_unreadable_state_file_falls_back_to_the_seed_instead_of_stopping_the_console()
    {
        var path = _dir.Combine(DemoFleetStore.FileName);
        File.WriteAllText(path, "{ not json");

        var fleet = new DemoFleetHarness(statePath: path);

        Assert.Equal("v1.9.0", fleet.State.CurrentVersion("ach-svc"));
    }

    [Fact]
    public void A_configured_seed_sets_versions_image_repository_and_replicas()
    {
        var demo = new DemoOptions
        {
            Fleet = { ["ach-svc"] = new DemoServiceSeed { Versions = ["v2.0.0", "v2.1.0"], Repository = "ghcr.io/gov/ach", Replicas = 5 } },
        };

        var fleet = new DemoFleetHarness(demo);
        var ach = fleet.State.Get("ach-svc")!;

        Assert.Equal(("v2.1.0", "ghcr.io/gov/ach:v2.1.0", 5), (ach.Version, ach.Image, ach.DesiredReplicas));
        Assert.Equal("v1.9.0", DemoServiceSeed.Default("ach-svc").CurrentVersion);
        Assert.Equal("v2.4.1", fleet.State.CurrentVersion("api-gw"));
    }
}
