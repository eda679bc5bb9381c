using HmsOps.Console.Hosting;
using HmsOps.Core.Incidents;

namespace HmsOps.Console.Incidents;

/// <summary>How the incident API answers: incidents as JSON (with SLA timers and the timeline), refusals as problem+json naming the field.</summary>
public static class IncidentAnswers
{
    public static IResult From(IncidentResult result, Func<Incident, object> describe, int okStatus = StatusCodes.Status200OK)
    {
        if (result.IsOk)
        {
            return Results.Json(describe(result.Incident!), statusCode: okStatus);
        }
        var (code, title, field) = result.Outcome switch
        {
            IncidentOutcome.NotFound => (StatusCodes.Status404NotFound, "No such incident", "id"),
            IncidentOutcome.Forbidden => (StatusCodes.Status403Forbidden, "Incident action refused", "role"),
            IncidentOutcome.Conflict => (StatusCodes.Status409Conflict, "Incident conflict", "state"),
            _ => (StatusCodes.Status400BadRequest, "Invalid incident request", result.Field ?? "body"),
        };
        var extensions = new Dictionary<string, object?>();
        if (result.Incident is { } incident)
        {
            extensions["incident"] = incident.Id;
            extensions["incidentState"] = incident.State.Text();
        }
        var message = result.Message ?? title;
        return Problems.Create(code, title, message, [Problems.FieldError(null, field, message)], extensions);
    }

    public static IResult Invalid(string field, string reason) => From(IncidentResult.Invalid(field, reason), _ => new object());

    public static IResult NotFound(string id) => From(IncidentResult.NotFound(id), _ => new object());

    public static object Summary(Incident i, IReadOnlyList<SlaTimer> timers) => new
    {
        id = i.Id,
        title = i.Title,
        severity = i.Severity,
        state = i.State.Text(),
        commander = i.Commander,
        services = i.Services,
        groupKey = i.GroupKey,
        openedAt = i.OpenedAt,
        openedBy = i.OpenedBy,
        acknowledgedAt = i.AcknowledgedAt,
        acknowledgedBy = i.AcknowledgedBy,
        mitigatedAt = i.MitigatedAt,
        resolvedAt = i.ResolvedAt,
        resolvedBy = i.ResolvedBy,
        alertFingerprints = i.AlertFingerprints,
        alertNames = i.AlertNames,
        activeAlerts = i.ActiveAlerts,
        changeIds = i.ChangeIds,
        sla = timers.Select(t => new
        {
            name = t.Name,
            targetSeconds = t.Target.TotalSeconds,
            elapsedSeconds = Math.Round(t.Elapsed.TotalSeconds, 3),
            remainingSeconds = Math.Round(t.Remaining.TotalSeconds, 3),
            breached = t.Breached,
            running = t.Running,
            stoppedAt = t.StoppedAt,
        }),
        links = new { self = $"{IncidentEndpoints.Path}/{i.Id}", postmortem = $"{IncidentEndpoints.Path}/{i.Id}/postmortem.md", page = $"/incidents/{i.Id}" },
    };

    public static object Entry(TimelineEntry e) => new
    {
        sequence = e.Sequence,
        at = e.At,
        source = e.Source.Text(),
        actor = e.Actor,
        text = e.Text,
        link = e.Link,
        @ref = e.Ref,
    };
}
