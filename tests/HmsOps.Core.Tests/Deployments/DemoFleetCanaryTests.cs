using HmsOps.Core.Demo;
using HmsOps.Core.Deployments;

namespace HmsOps.Core.Tests.Deployments;

public sealed class DemoFleetCanaryTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    public async Task A_canary_takes_its_weight_of_the_services_requests(int weight)
    {
        var fleet = new DemoFleetHarness();

        var canary = await fleet.Provider.StartCanaryAsync("claims-api", "v3.2.0", weight, "canary v3.2.0", CancellationToken.None);
        var requests = DemoFleetHarness.Requests(fleet.Traffic(seed: weight, requestsPerSecond: 4_000), "claims-api", "hms_http_requests_total").ToArray();

        Assert.True(canary.IsOk, canary.ToString());
        var share = requests.Count(m => m.Labels.Get("version") == "v3.2.0") / (double)requests.Length;
        // 4,000 requests: the binomial standard deviation is under 0.8 points, so 3 points is far outside chance.
        Assert.InRange(share, weight / 100.0 - 0.03, weight / 100.0 + 0.03);
        Assert.All(requests, m => Assert.Contains(m.Labels.Get("version"), new[] { "v3.1.0", "v3.2.0" }));
    }

    [Fact]
    public async Task Canary_replicas_follow_the_weight_and_the_service_shows_the_canary_in_flight()
    {
        var fleet = new DemoFleetHarness();
        await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", 5, "canary", CancellationToken.None);

        var half = (await fleet.Provider.SetCanaryWeightAsync("ach-svc", 50, CancellationToken.None)).Value;
        var service = (await fleet.Provider.ListServicesAsync(CancellationToken.None)).Value.Single(s => s.Name == "ach-svc");

        Assert.Equal(new CanaryState("ach-svc", "v1.9.0", "v1.9.1", 50, 1, 2), half);
        Assert.Equal(InFlightKind.Canary, service.InFlight!.Kind);
        Assert.Equal(50, service.InFlight.CanaryWeightPercent);
        Assert.Equal("v1.9.0", service.Version);
    }

    [Fact]
    public async Task A_fault_bound_to_the_canary_version_slows_only_the_canarys_requests()
    {
        var fleet = new DemoFleetHarness();
        await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", 25, "canary", CancellationToken.None);
        fleet.Faults.Set(new FaultRequest { Service = "ach-svc", Version = "v1.9.1", LatencyMs = 2_000 });

        var requests = DemoFleetHarness.Requests(fleet.Traffic(seed: 9, requestsPerSecond: 400), "ach-svc")
            .ToLookup(m => m.Labels.Get("version"));

        Assert.NotEmpty(requests["v1.9.1"]);
        Assert.All(requests["v1.9.1"], m => Assert.True(m.Value >= 2, $"canary {m.Value} s"));
        Assert.All(requests["v1.9.0"], m => Assert.True(m.Value < 2, $"stable {m.Value} s"));
    }

    [Fact]
    public async Task Promoting_the_canary_rolls_its_version_out_to_all_traffic()
    {
        var fleet = new DemoFleetHarness();
        await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", 25, "canary", CancellationToken.None);

        var promoted = await fleet.WithClockAsync(() => fleet.Provider.PromoteCanaryAsync("ach-svc", "canary healthy", null, CancellationToken.None));

        Assert.Equal("v1.9.1", promoted.Value.Version);
        Assert.Null(promoted.Value.InFlight);
        Assert.All(DemoFleetHarness.Requests(fleet.Traffic(seed: 4), "ach-svc"), m => Assert.Equal("v1.9.1", m.Labels.Get("version")));
        Assert.Equal("canary healthy", (await fleet.Provider.GetHistoryAsync("ach-svc", CancellationToken.None)).Value[0].ChangeCause);
    }

    [Fact]
    public async Task Aborting_the_canary_sends_all_traffic_back_to_the_stable_version()
    {
        var fleet = new DemoFleetHarness();
        await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", 50, "canary", CancellationToken.None);

        var aborted = await fleet.Provider.AbortCanaryAsync("ach-svc", CancellationToken.None);

        Assert.Equal("v1.9.0", aborted.Value.Version);
        Assert.Null(aborted.Value.InFlight);
        Assert.All(DemoFleetHarness.Requests(fleet.Traffic(seed: 5), "ach-svc"), m => Assert.Equal("v1.9.0", m.Labels.Get("version")));
        Assert.Equal(DeploymentOutcome.NotFound, (await fleet.Provider.AbortCanaryAsync("ach-svc", CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_weight_outside_1_to_100_percent_is_refused(int weight)
    {
        var fleet = new DemoFleetHarness();

        var result = await fleet.Provider.StartCanaryAsync("ach-svc", "v1.9.1", weight, "canary", CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Null(fleet.State.Canary("ach-svc"));
    }
}
