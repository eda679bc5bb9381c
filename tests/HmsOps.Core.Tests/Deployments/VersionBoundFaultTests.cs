using HmsOps.Core.Demo;

namespace HmsOps.Core.Tests.Deployments;

public sealed class VersionBoundFaultTests
{
    [Fact]
    public void A_fault_without_a_version_binds_to_the_version_the_service_runs_now()
    {
        var fleet = new DemoFleetHarness();

        var fault = fleet.Faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000 });

        Assert.Equal("v1.9.0", fault.Version);
        Assert.Equal(fault, fleet.Faults.For("ach-svc", "v1.9.0"));
        Assert.Null(fleet.Faults.For("ach-svc", "v1.8.2"));
    }

    [Fact]
    public void Faults_on_two_versions_of_one_service_coexist_and_clearing_the_service_clears_both()
    {
        var fleet = new DemoFleetHarness();
        fleet.Faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000 });
        fleet.Faults.Set(new FaultRequest { Service = "ach-svc", ErrorRate = 0.5, Version = "v1.9.1" });

        var active = fleet.Faults.Active();
        fleet.Faults.Clear("ach-svc");

        Assert.Equal(["v1.9.0", "v1.9.1"], active.Select(f => f.Version));
        Assert.Empty(fleet.Faults.Active());
    }

    [Fact]
    public void A_version_the_service_does_not_have_is_refused_naming_the_field()
    {
        var fleet = new DemoFleetHarness();

        var errors = fleet.Faults.Validate(new FaultRequest { Service = "ach-svc", LatencyMs = 100, Version = "v9.9.9" });
        var malformed = new FaultRequest { Service = "ach-svc", LatencyMs = 100, Version = "v 1" }.Validate();

        Assert.Equal("version", Assert.Single(errors).Field);
        Assert.Contains("v1.8.2", errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("version", Assert.Single(malformed).Field);
    }
}
