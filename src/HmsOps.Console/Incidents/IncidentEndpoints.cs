using System.Globalization;
using System.Text;
using HmsOps.Console.Changes;
using HmsOps.Console.Hosting;
using HmsOps.Console.Security;
using HmsOps.Core.Incidents;

namespace HmsOps.Console.Incidents;

/// <summary>
/// <c>/api/incidents</c>: incidents over HTTP. Reading is for every signed-in person; responding (acknowledge, mitigate,
/// resolve, notes) takes the oncall role; opening by hand and editing the postmortem take the engineer role. The
/// <see cref="IncidentService"/> checks the roles again and audits what people do.
/// </summary>
public static class IncidentEndpoints
{
    public const string Path = "/api/incidents";

    public static void MapIncidentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/{id}/postmortem.md", PostmortemAsync).RequireAuthorization(Policies.Viewer);

        // JSON bodies are not covered by the form antiforgery middleware: the change API's guard checks cookie callers.
        var writes = group.MapGroup("").DisableAntiforgery().AddEndpointFilter(ChangeEndpoints.CsrfGuard);
        writes.MapPost("", OpenAsync).RequireAuthorization(Policies.Engineer);
        writes.MapPost("/{id}/acknowledge", (HttpContext context, string id, IncidentService incidents) =>
            Respond(context, incidents, actor => incidents.AcknowledgeAsync(id, actor))).RequireAuthorization(Policies.OnCall);
        writes.MapPost("/{id}/mitigate", async (HttpContext context, string id, IncidentService incidents) =>
        {
            var body = await ReadAsync<ReasonBody>(context);
            return body.Problem ?? await Respond(context, incidents, actor => incidents.MitigateAsync(id, actor, body.Value?.Reason));
        }).RequireAuthorization(Policies.OnCall);
        writes.MapPost("/{id}/resolve", async (HttpContext context, string id, IncidentService incidents) =>
        {
            var body = await ReadAsync<ReasonBody>(context);
            return body.Problem ?? await Respond(context, incidents, actor => incidents.ResolveAsync(id, actor, body.Value?.Reason));
        }).RequireAuthorization(Policies.OnCall);
        writes.MapPost("/{id}/notes", async (HttpContext context, string id, IncidentService incidents) =>
        {
            var body = await ReadAsync<NoteBody>(context);
            return body.Problem ?? await Respond(context, incidents, actor => incidents.AddNoteAsync(id, actor, body.Value?.Text ?? ""), StatusCodes.Status201Created);
        }).RequireAuthorization(Policies.OnCall);
        writes.MapPut("/{id}/postmortem", SavePostmortemAsync).RequireAuthorization(Policies.Engineer);
    }

    private static async Task<IResult> ListAsync(IncidentService incidents, string? state, string? severity, string? service, string? from, string? to, string? limit,
        string? alert, string? change)
    {
        // The links from an alert or a change to its incident: the newest incident that links it, if any.
        if (!string.IsNullOrWhiteSpace(alert) || !string.IsNullOrWhiteSpace(change))
        {
            var linked = !string.IsNullOrWhiteSpace(alert) ? incidents.ForAlert(alert.Trim()) : incidents.ForChange(change!.Trim());
            return Results.Json(new { incidents = linked is null ? [] : new[] { IncidentAnswers.Summary(linked, incidents.Timers(linked)) } });
        }
        var query = new IncidentQuery();
        if (state is not null)
        {
            if (!IncidentStates.TryParse(state, out var parsed))
            {
                return IncidentAnswers.Invalid("state", $"state must be one of {string.Join(", ", IncidentStates.Names)}");
            }
            query = query with { State = parsed };
        }
        if (severity is not null)
        {
            if (!IncidentSeverity.IsKnown(severity))
            {
                return IncidentAnswers.Invalid("severity", $"severity must be one of {string.Join(", ", IncidentSeverity.Known)}");
            }
            query = query with { Severity = severity.Trim().ToLowerInvariant() };
        }
        if (!string.IsNullOrWhiteSpace(service))
        {
            query = query with { Service = service.Trim() };
        }
        if (from is not null)
        {
            if (!TryTime(from, out var parsed))
            {
                return IncidentAnswers.Invalid("from", "from must be an RFC 3339 time (2026-12-06T02:00:00Z) or Unix seconds");
            }
            query = query with { From = parsed };
        }
        if (to is not null)
        {
            if (!TryTime(to, out var parsed))
            {
                return IncidentAnswers.Invalid("to", "to must be an RFC 3339 time (2026-12-06T02:00:00Z) or Unix seconds");
            }
            query = query with { To = parsed };
        }
        if (query is { From: { } f, To: { } t } && t < f)
        {
            return IncidentAnswers.Invalid("to", "to must not be before from");
        }
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var take) || take is < 1 or > IncidentQuery.MaxLimit)
            {
                return IncidentAnswers.Invalid("limit", $"limit must be a whole number from 1 to {IncidentQuery.MaxLimit}");
            }
            query = query with { Limit = take };
        }
        var found = await incidents.ListAsync(query);
        return Results.Json(new { incidents = found.Select(i => IncidentAnswers.Summary(i, incidents.Timers(i))) });
    }

    private static async Task<IResult> GetAsync(string id, IncidentService incidents)
    {
        if (await incidents.GetAsync(id) is not { } incident)
        {
            return IncidentAnswers.NotFound(id);
        }
        var timeline = await incidents.TimelineAsync(id);
        return Results.Json(new { incident = IncidentAnswers.Summary(incident, incidents.Timers(incident)), timeline = timeline.Select(IncidentAnswers.Entry) });
    }

    private static async Task<IResult> PostmortemAsync(HttpContext context, string id, IncidentService incidents)
    {
        if (await incidents.GetPostmortemAsync(id, context.RequestAborted) is not { } document)
        {
            return IncidentAnswers.NotFound(id);
        }
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-postmortem.md\"";
        return Results.Text(document.Markdown, "text/markdown; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> OpenAsync(HttpContext context, IncidentService incidents)
    {
        var body = await ReadAsync<OpenBody>(context);
        if (body.Problem is { } problem)
        {
            return problem;
        }
        var request = body.Value ?? new OpenBody(null, null, null, null);
        var draft = new IncidentDraft(request.Title ?? "", request.Severity ?? "", request.Services ?? []) { Commander = request.Commander };
        return await Respond(context, incidents, actor => incidents.OpenAsync(draft, actor), StatusCodes.Status201Created);
    }

    private static async Task<IResult> SavePostmortemAsync(HttpContext context, string id, IncidentService incidents)
    {
        string markdown;
        if (context.Request.HasJsonContentType())
        {
            var body = await ReadAsync<PostmortemBody>(context);
            if (body.Problem is { } problem)
            {
                return problem;
            }
            markdown = body.Value?.Markdown ?? "";
        }
        else
        {
            // text/markdown bodies: a script can PUT the exported file back after editing it.
            var limit = incidents.Options.MaxPostmortemLength;
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var buffer = new char[limit + 1];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            markdown = new string(buffer, 0, read);
        }
        var actor = ActorClaims.ToActor(context.User)!;
        var result = await incidents.SavePostmortemAsync(id, markdown, actor);
        if (!result.IsOk)
        {
            return IncidentAnswers.From(result, _ => new object());
        }
        var saved = await incidents.GetPostmortemAsync(id, context.RequestAborted);
        return Results.Json(new { incidentId = id, updatedAt = saved!.UpdatedAt, updatedBy = saved.UpdatedBy, generated = saved.Generated, length = saved.Markdown.Length });
    }

    private static async Task<IResult> Respond(HttpContext context, IncidentService incidents, Func<Core.Security.Actor, Task<IncidentResult>> run, int okStatus = StatusCodes.Status200OK)
    {
        var result = await run(ActorClaims.ToActor(context.User)!);
        return IncidentAnswers.From(result, i => IncidentAnswers.Summary(i, incidents.Timers(i)), okStatus);
    }

    private static bool TryTime(string text, out DateTimeOffset time)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e11)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class =>
        JsonRequestBody.ReadAsync<T>(context, IncidentAnswers.Invalid);

    private sealed record OpenBody(string? Title, string? Severity, IReadOnlyList<string>? Services, string? Commander);

    private sealed record ReasonBody(string? Reason);

    private sealed record NoteBody(string? Text);

    private sealed record PostmortemBody(string? Markdown);
}
