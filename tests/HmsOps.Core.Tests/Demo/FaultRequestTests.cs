using HmsOps.Core.Demo;

namespace HmsOps.Core.Tests.Demo;

public sealed class FaultRequestTests
{
    [Fact]
    public void A_sensible_fault_is_valid()
    {
        Assert.Empty(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000 }.Validate());
        Assert.Empty(new FaultRequest { Service = "api-gw", ErrorRate = 1, DurationSeconds = 86_400 }.Validate());
    }

    [Theory]
    [InlineData("billing", 3000, 0, 600, "service")]
    [InlineData("", 3000, 0, 600, "service")]
    [InlineData("ACH-SVC", 3000, 0, 600, "service")]
    [InlineData("ach-svc", -1, 0, 600, "latencyMs")]
    [InlineData("ach-svc", 120001, 0, 600, "latencyMs")]
    [InlineData("ach-svc", double.NaN, 0, 600, "latencyMs")]
    [InlineData("ach-svc", 0, 1.01, 600, "errorRate")]
    [InlineData("ach-svc", 0, -0.1, 600, "errorRate")]
    [InlineData("ach-svc", 0, double.PositiveInfinity, 600, "errorRate")]
    [InlineData("ach-svc", 3000, 0, 0, "durationSeconds")]
    [InlineData("ach-svc", 3000, 0, -5, "durationSeconds")]
    [InlineData("ach-svc", 3000, 0, 86401, "durationSeconds")]
    [InlineData("ach-svc", 0, 0, 600, "latencyMs")]
    public void An_invalid_fault_names_the_field_at_fault(string service, double latencyMs, double errorRate, double durationSeconds, string field)
    {
        var request = new FaultRequest { Service = service, LatencyMs = latencyMs, ErrorRate = errorRate, DurationSeconds = durationSeconds };

        var error = Assert.Single(request.Validate());

        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var request = new FaultRequest { Service = "billing", LatencyMs = -1, ErrorRate = 2, DurationSeconds = 0 };

        Assert.Equal(["service", "latencyMs", "errorRate", "durationSeconds"], request.Validate().Select(e => e.Field));
    }

    [Fact]
    public void The_unknown_service_message_lists_the_services_there_are()
    {
        var error = Assert.Single(new FaultRequest { Service = "billing", LatencyMs = 1 }.Validate());

        Assert.Contains("api-gw, claims-api, ach-svc", error.Reason, StringComparison.Ordinal);
    }
}
