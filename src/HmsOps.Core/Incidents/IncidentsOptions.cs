namespace HmsOps.Core.Incidents;

/// <summary>Incidents: section <c>Incidents</c>.</summary>
public sealed class IncidentsOptions
{
    public const string Section = "Incidents";

    /// <summary>An alert at this severity or worse opens (or joins) an incident when it starts firing.</summary>
    public string OpenAtSeverity { get; set; } = IncidentSeverity.Critical;

    /// <summary>Target for the time from opening to the first acknowledgement (the page shows it running).</summary>
    public TimeSpan AcknowledgeTarget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Target for the time from opening to mitigation (every linked alert resolved, or a person says so).</summary>
    public TimeSpan MitigateTarget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A mitigated incident whose alerts stay quiet this long is resolved by the console. Null (the default): a person
    /// resolves it, because "the graph went green" is not always "the outage is over".
    /// </summary>
    public TimeSpan? AutoResolveAfter { get; set; }

    /// <summary>The availability objective the postmortem measures error-budget burn against (0.999 = 99.9 %).</summary>
    public double SloTarget { get; set; } = 0.999;

    /// <summary>The period the error budget belongs to.</summary>
    public TimeSpan SloWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Resolved incidents older than this are deleted with their timelines; unresolved ones never are.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>At most this many incidents are kept; past it the oldest resolved ones go first.</summary>
    public int MaxIncidents { get; set; } = 10_000;

    /// <summary>
    /// Timeline entries kept per incident. Past it, collectors' entries (notifications, silences, logs, traces) are
    /// dropped; state changes, alerts, changes and people's notes are always kept.
    /// </summary>
    public int MaxTimelineEntries { get; set; } = 2_000;

    /// <summary>Services one incident lists; an alert for another service past it joins without adding its service.</summary>
    public int MaxServices { get; set; } = 20;

    /// <summary>Longest title, in characters.</summary>
    public int MaxTitleLength { get; set; } = 200;

    /// <summary>Longest note, in characters.</summary>
    public int MaxNoteLength { get; set; } = 4_000;

    /// <summary>Longest postmortem a person may save, in characters.</summary>
    public int MaxPostmortemLength { get; set; } = 200_000;

    /// <summary>Alert and change events waiting to be written to incidents; past it new events are dropped and logged.</summary>
    public int MaxQueuedEvents { get; set; } = 10_000;

    /// <summary>How often collectors look at logs and traces of the impacted services of unresolved incidents.</summary>
    public TimeSpan CollectInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Error logs per minute are compared with their average over this long before the incident opened.</summary>
    public TimeSpan SpikeBaselineWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A minute is a spike when its error count is at least this many...</summary>
    public int SpikeMinErrors { get; set; } = 5;

    /// <summary>...and at least this many times the baseline's per-minute average.</summary>
    public double SpikeFactor { get; set; } = 3;

    /// <summary>Spike entries per incident; past it a minute above the baseline is no longer written.</summary>
    public int MaxSpikesPerIncident { get; set; } = 60;

    /// <summary>Slowest traces per impacted service written to the timeline (each trace once).</summary>
    public int SlowestTraces { get; set; } = 3;

    /// <summary>Failing traces per impacted service written to the timeline (each trace once).</summary>
    public int FailingTraces { get; set; } = 3;

    /// <summary>Trace entries per incident in all; past it traces are no longer written.</summary>
    public int MaxTracesPerIncident { get; set; } = 30;
}
