using HmsOps.Core.Alerting;

namespace HmsOps.Core.Incidents;

/// <summary>What can happen to an incident; <see cref="IncidentMachine.Apply"/> decides what each one does.</summary>
public abstract record IncidentCommand;

public sealed record AcknowledgeIncident(string Actor) : IncidentCommand
{
    /// <summary>Set when the acknowledgement was of this alert (on the Alerts page), not of the incident itself.</summary>
    public string? Alert { get; init; }
}

public sealed record MitigateIncident(string Actor, string? Reason = null) : IncidentCommand;

public sealed record ResolveIncident(string Actor, string? Reason = null) : IncidentCommand;

public sealed record SetCommander(string Actor, string? Commander) : IncidentCommand;

public sealed record AddNote(string Actor, string Text) : IncidentCommand;

/// <summary>A linked (or joining) alert changed state; the console is the actor.</summary>
public sealed record ObserveAlert(string Fingerprint, string Name, string? Service, string? Severity, AlertState State, string? Summary) : IncidentCommand
{
    public static ObserveAlert From(ConsoleAlert alert) =>
        new(alert.Fingerprint, alert.Name, alert.Service, alert.Severity, alert.State, alert.Annotations.Get("summary"));
}

/// <summary>A change request on an impacted service while the incident is unresolved: linked and written down.</summary>
public sealed record LinkChange(string ChangeId, string Actor, string Text, DateTimeOffset? At = null) : IncidentCommand;

/// <summary>Anything a collector saw (notification, silence, logs, traces): an entry only, the incident is unchanged.</summary>
public sealed record RecordEntry(TimelineSource Source, string Actor, string Text, string? Link, string? Ref, DateTimeOffset? At = null) : IncidentCommand;

/// <summary>What the machine decided: the incident as it now is, the entries to append, and a refusal when it said no.</summary>
public sealed record IncidentDecision(Incident State, IReadOnlyList<TimelineEntry> Entries, string? Refusal = null)
{
    public bool Refused => Refusal is not null;

    public bool Changed(Incident before) => !ReferenceEquals(before, State) || Entries.Count > 0;
}
