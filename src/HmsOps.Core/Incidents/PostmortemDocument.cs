namespace HmsOps.Core.Incidents;

/// <summary>
/// An incident's postmortem as Markdown. <see cref="Generated"/> is true while nobody has saved an edit: such a document
/// is regenerated on each read so its timeline stays complete; once a person saves, their version wins.
/// </summary>
public sealed record PostmortemDocument(string IncidentId, string Markdown, DateTimeOffset UpdatedAt, string UpdatedBy, bool Generated);
