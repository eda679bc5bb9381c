using HmsOps.Core.Alerting;
using HmsOps.Core.Incidents;

namespace HmsOps.Core.Tests.Incidents;

public sealed class IncidentMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly IncidentMachine _machine = new(new IncidentsOptions());

    [Theory]
    [InlineData(IncidentState.Open, IncidentState.Acknowledged, true)]
    [InlineData(IncidentState.Open, IncidentState.Resolved, true)]
    [InlineData(IncidentState.Acknowledged, IncidentState.Open, false)]
    [InlineData(IncidentState.Mitigated, IncidentState.Open, true)]
    [InlineData(IncidentState.Mitigated, IncidentState.Acknowledged, true)]
    [InlineData(IncidentState.Resolved, IncidentState.Open, false)]
    [InlineData(IncidentState.Resolved, IncidentState.Mitigated, false)]
    public void Transitions_are_forward_only_except_a_mitigated_incident_reopening(IncidentState from, IncidentState to, bool allowed) =>
        Assert.Equal(allowed, IncidentMachine.CanMove(from, to));

    [Fact]
    public void Acknowledging_stops_the_clock_and_makes_the_first_responder_commander()
    {
        var incident = Opened();
        var decision = _machine.Apply(incident, new AcknowledgeIncident("oncall"), T0.AddMinutes(2));

        Assert.Equal(IncidentState.Acknowledged, decision.State.State);
        Assert.Equal("oncall", decision.State.Commander);
        Assert.Equal(T0.AddMinutes(2), decision.State.AcknowledgedAt);
        var entry = Assert.Single(decision.Entries);
        Assert.Equal(TimelineSource.Acknowledgement, entry.Source);
        Assert.Contains("oncall is commander", entry.Text);

        var again = _machine.Apply(decision.State, new AcknowledgeIncident("lead1"), T0.AddMinutes(3));
        Assert.Empty(again.Entries);
        Assert.Equal("oncall", again.State.AcknowledgedBy);
    }

    [Fact]
    public void A_resolved_incident_refuses_every_state_change_but_still_takes_notes()
    {
        var resolved = _machine.Apply(Opened(), new ResolveIncident("lead1", "fixed"), T0.AddMinutes(9)).State;

        Assert.True(_machine.Apply(resolved, new AcknowledgeIncident("oncall"), T0.AddMinutes(10)).Refused);
        Assert.True(_machine.Apply(resolved, new MitigateIncident("oncall"), T0.AddMinutes(10)).Refused);
        Assert.True(_machine.Apply(resolved, new ResolveIncident("oncall"), T0.AddMinutes(10)).Refused);
        Assert.True(_machine.Apply(resolved, Observe("fp1", AlertState.Firing), T0.AddMinutes(10)).Refused);
        var note = _machine.Apply(resolved, new AddNote("lead1", "root cause: pool size"), T0.AddMinutes(10));
        Assert.False(note.Refused);
        Assert.Equal(TimelineSource.Note, Assert.Single(note.Entries).Source);
    }

    [Fact]
    public void The_last_linked_alert_resolving_mitigates_and_firing_again_reopens_as_acknowledged()
    {
        var incident = _machine.Apply(Opened(), Observe("fp1", AlertState.Firing), T0).State;
        incident = _machine.Apply(incident, Observe("fp2", AlertState.Firing), T0.AddMinutes(1)).State;
        incident = _machine.Apply(incident, new AcknowledgeIncident("oncall"), T0.AddMinutes(2)).State;

        var oneResolved = _machine.Apply(incident, Observe("fp1", AlertState.Inactive), T0.AddMinutes(5));
        Assert.Equal(IncidentState.Acknowledged, oneResolved.State.State);

        var allResolved = _machine.Apply(oneResolved.State, Observe("fp2", AlertState.Inactive), T0.AddMinutes(6));
        Assert.Equal(IncidentState.Mitigated, allResolved.State.State);
        Assert.Equal(T0.AddMinutes(6), allResolved.State.MitigatedAt);
        Assert.Contains(allResolved.Entries, e => e.Source == TimelineSource.Incident && e.Actor == "console" && e.Text.Contains("Mitigated"));

        var back = _machine.Apply(allResolved.State, Observe("fp2", AlertState.Firing), T0.AddMinutes(8));
        Assert.Equal(IncidentState.Acknowledged, back.State.State);
        Assert.Null(back.State.MitigatedAt);
        Assert.Contains(back.Entries, e => e.Text.StartsWith("Reopened", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeated_report_of_the_same_alert_state_adds_nothing()
    {
        var incident = _machine.Apply(Opened(), Observe("fp1", AlertState.Firing), T0).State;

        var repeat = _machine.Apply(incident, Observe("fp1", AlertState.Firing), T0.AddSeconds(15));

        Assert.Empty(repeat.Entries);
        Assert.Same(incident, repeat.State);
    }

    [Fact]
    public void A_joining_alert_adds_its_service_its_name_and_a_worse_severity()
    {
        var incident = Opened() with { Severity = "warning" };

        var joined = _machine.Apply(incident, new ObserveAlert("fp9", "ClaimsErrors", "claims-api", "critical", AlertState.Firing, null), T0).State;

        Assert.Equal(["ach-svc", "claims-api"], joined.Services);
        Assert.Contains("ClaimsErrors", joined.AlertNames);
        Assert.Equal("critical", joined.Severity);
        Assert.Contains("fp9", joined.ActiveAlerts);
    }

    [Fact]
    public void Auto_resolve_is_off_unless_configured()
    {
        var mitigated = _machine.Apply(Opened(), new MitigateIncident("oncall"), T0).State;
        Assert.False(_machine.AutoResolveDue(mitigated, T0.AddDays(30)));

        var auto = new IncidentMachine(new IncidentsOptions { AutoResolveAfter = TimeSpan.FromMinutes(30) });
        Assert.False(auto.AutoResolveDue(mitigated, T0.AddMinutes(29)));
        Assert.True(auto.AutoResolveDue(mitigated, T0.AddMinutes(30)));
    }

    private Incident Opened()
    {
        var (incident, entries) = _machine.Open(new IncidentDraft("ACH latency", "critical", ["ach-svc"]), "alert:ACHLatencyHigh", T0);
        Assert.Single(entries);
        return incident with { Id = "INC-2026-0001" };
    }

    private static ObserveAlert Observe(string fingerprint, AlertState state) => new(fingerprint, "ACHLatencyHigh", "ach-svc", "critical", state, null);
}
