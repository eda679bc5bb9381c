namespace HmsOps.Core.Incidents;

/// <summary>The audit actions of incidents; stable strings, like <see cref="Audit.AuditActions"/>.</summary>
public static class IncidentAuditActions
{
    public const string Opened = "incident-opened";
    public const string Acknowledged = "incident-acknowledged";
    public const string Mitigated = "incident-mitigated";
    public const string Resolved = "incident-resolved";
    public const string CommanderSet = "incident-commander-set";
    public const string NoteAdded = "incident-note-added";
    public const string PostmortemSaved = "incident-postmortem-saved";
}
