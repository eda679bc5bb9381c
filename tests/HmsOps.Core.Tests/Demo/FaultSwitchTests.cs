using HmsOps.Core.Demo;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Demo;

public sealed class FaultSwitchTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_fault_is_in_force_until_its_duration_has_passed()
    {
        var faults = new FaultSwitch(_time);
        var set = faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 60 });

        Assert.Equal(_time.GetUtcNow().AddSeconds(60), set.Until);
        Assert.Equal(set, faults.For("ach-svc"));

        _time.Advance(TimeSpan.FromSeconds(59.999));
        Assert.Equal(set, faults.For("ach-svc"));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(faults.For("ach-svc"));
        Assert.Empty(faults.Active());
    }

    [Fact]
    public void Faults_are_per_service()
    {
        var faults = new FaultSwitch(_time);
        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 60 });
        faults.Set(new FaultRequest { Service = "claims-api", ErrorRate = 0.5, DurationSeconds = 120 });

        Assert.Null(faults.For("api-gw"));
        Assert.Equal(["ach-svc", "claims-api"], faults.Active().Select(f => f.Service).Order(StringComparer.Ordinal));

        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(["claims-api"], faults.Active().Select(f => f.Service));
    }

    [Fact]
    public void Setting_a_fault_again_replaces_it_and_restarts_its_clock()
    {
        var faults = new FaultSwitch(_time);
        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 60 });
        _time.Advance(TimeSpan.FromSeconds(50));

        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 500, DurationSeconds = 60 });
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(500, faults.For("ach-svc")!.LatencyMs);
    }

    [Fact]
    public void A_cleared_fault_is_gone_at_once()
    {
        var faults = new FaultSwitch(_time);
        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000 });

        Assert.True(faults.Clear("ach-svc"));
        Assert.Null(faults.For("ach-svc"));
        Assert.False(faults.Clear("ach-svc"));
    }
}
