namespace HmsOps.Core.Incidents;

public enum IncidentOutcome
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
}

/// <summary>The answer to an incident command; <see cref="Field"/> names the input at fault for <see cref="IncidentOutcome.Invalid"/>.</summary>
public sealed record IncidentResult(IncidentOutcome Outcome, Incident? Incident, string? Message = null, string? Field = null)
{
    public bool IsOk => Outcome == IncidentOutcome.Ok;

    /// <summary>True when an alert joined an incident that was already open instead of opening one.</summary>
    public bool Joined { get; init; }

    public static IncidentResult Ok(Incident incident) => new(IncidentOutcome.Ok, incident);

    public static IncidentResult NotFound(string id) => new(IncidentOutcome.NotFound, null, $"no incident with id '{id}'");

    public static IncidentResult Invalid(string field, string message) => new(IncidentOutcome.Invalid, null, message, field);

    public static IncidentResult Conflict(Incident incident, string message) => new(IncidentOutcome.Conflict, incident, message);

    public static IncidentResult Forbidden(string message) => new(IncidentOutcome.Forbidden, null, message);
}
