using HmsOps.Core.Incidents;

namespace HmsOps.Core.Tests.Incidents;

public sealed class IncidentSlaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly IncidentsOptions Targets = new() { AcknowledgeTarget = TimeSpan.FromMinutes(5), MitigateTarget = TimeSpan.FromMinutes(30) };

    [Fact]
    public void Timers_run_from_opening_and_show_what_is_left()
    {
        var timers = IncidentSla.At(Incident(), Targets, T0.AddMinutes(3));

        var ack = timers.Single(t => t.Name == SlaTimer.Acknowledge);
        Assert.True(ack.Running);
        Assert.Equal(TimeSpan.FromMinutes(3), ack.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(2), ack.Remaining);
        Assert.False(ack.Breached);
        Assert.Equal(TimeSpan.FromMinutes(27), timers.Single(t => t.Name == SlaTimer.Mitigate).Remaining);
    }

    [Fact]
    public void An_acknowledgement_stops_its_timer_and_a_late_one_is_a_breach()
    {
        var incident = Incident() with { AcknowledgedAt = T0.AddMinutes(7) };

        var ack = IncidentSla.At(incident, Targets, T0.AddHours(2)).Single(t => t.Name == SlaTimer.Acknowledge);

        Assert.False(ack.Running);
        Assert.Equal(TimeSpan.FromMinutes(7), ack.Elapsed);
        Assert.True(ack.Breached);
        Assert.Equal(TimeSpan.FromMinutes(-2), ack.Remaining);
    }

    [Fact]
    public void Resolving_straight_from_open_stops_both_timers()
    {
        var incident = Incident() with { State = IncidentState.Resolved, ResolvedAt = T0.AddMinutes(4) };

        var timers = IncidentSla.At(incident, Targets, T0.AddHours(5));

        Assert.All(timers, t => Assert.Equal(TimeSpan.FromMinutes(4), t.Elapsed));
        Assert.All(timers, t => Assert.False(t.Running));
    }

    private static Incident Incident() => new()
    {
        Id = "INC-2026-0001",
        Title = "t",
        Severity = "critical",
        State = IncidentState.Open,
        OpenedAt = T0,
        OpenedBy = "lead1",
    };
}
