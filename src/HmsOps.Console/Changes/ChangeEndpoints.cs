using HmsOps.Console.Hosting;
using HmsOps.Console.Security;
using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;
using Microsoft.AspNetCore.Antiforgery;

namespace HmsOps.Console.Changes;

/// <summary>
/// <c>/api/changes</c>: guarded changes over HTTP for the CLI and scripts. The endpoint policy is the first guard (who may
/// call at all); <see cref="ChangeService"/> is the second (self-approval, expiry, one in flight, exactly once), and its
/// refusals are passed on unchanged as problem+json.
/// </summary>
public static class ChangeEndpoints
{
    public const string Path = "/api/changes";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void MapChangeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("", List).RequireAuthorization(Policies.Viewer);
        group.MapGet("/{id}", (string id, ChangeService changes) =>
            changes.Get(id) is { } change ? Results.Json(ChangeAnswers.Describe(change)) : ChangeAnswers.From(ChangeResult.NotFound($"no change with id '{id}'"))).RequireAuthorization(Policies.Viewer);

        // JSON bodies are not protected by the form antiforgery middleware, so the POSTs check it themselves (see CsrfGuard).
        var writes = group.MapGroup("").DisableAntiforgery().AddEndpointFilter(CsrfGuard);
        writes.MapPost("", RequestAsync).RequireAuthorization(Policies.Engineer);
        writes.MapPost("/{id}/approve", (HttpContext context, string id, ChangeService changes) =>
            Command(context, changes, id, (actor, key) => changes.ApproveAsync(id, actor, key))).RequireAuthorization(Policies.Lead);
        writes.MapPost("/{id}/reject", async (HttpContext context, string id, ChangeService changes) =>
        {
            // The requester may withdraw their own request, so an engineer gets through here; the service decides.
            var body = await ReadAsync<ReasonBody>(context);
            return body.Problem ?? await Command(context, changes, id, (actor, key) => changes.RejectAsync(id, actor, body.Value?.Reason ?? "", key));
        }).RequireAuthorization(Policies.Engineer);
        writes.MapPost("/{id}/execute", async (HttpContext context, string id, ChangeService changes) =>
        {
            var body = await ReadAsync<ReasonBody>(context);
            return body.Problem ?? await Command(context, changes, id, (actor, key) => changes.BreakGlassAsync(id, actor, body.Value?.Reason ?? "", key));
        }).RequireAuthorization(Policies.Lead);
        writes.MapPost("/{id}/abort", (HttpContext context, string id, ChangeService changes) =>
            DecisionAsync(context, id, changes, CanaryDecision.Abort)).RequireAuthorization(Policies.Engineer);
        writes.MapPost("/{id}/promote", (HttpContext context, string id, ChangeService changes) =>
            DecisionAsync(context, id, changes, CanaryDecision.Promote)).RequireAuthorization(Policies.Engineer);

        app.MapGet("/api/deployments", ListServicesAsync).RequireAuthorization(Policies.Viewer);
    }

    private static IResult List(ChangeService changes, string? service, string? state, int? limit)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return ChangeAnswers.Invalid("limit", $"limit must be 1 to {MaxLimit}");
        }
        var states = Enum.GetValues<ChangeState>().Select(s => s.Text()).ToList();
        if (state is not null && !states.Contains(state, StringComparer.OrdinalIgnoreCase))
        {
            return ChangeAnswers.Invalid("state", $"state must be one of {string.Join(", ", states)}");
        }
        // Filtering by state reads the newest MaxLimit and keeps the matching ones: bounded, and enough for a console.
        var found = changes.List(string.IsNullOrWhiteSpace(service) ? null : service, state is null ? take : MaxLimit)
            .Where(c => state is null || string.Equals(c.State.Text(), state, StringComparison.OrdinalIgnoreCase))
            .Take(take)
            .Select(c => ChangeAnswers.Describe(c));
        return Results.Json(new { changes = found });
    }

    private static async Task<IResult> RequestAsync(HttpContext context, ChangeService changes, IDeploymentProvider provider)
    {
        var body = await ReadAsync<RequestBody>(context);
        if (body.Problem is { } problem)
        {
            return problem;
        }
        var request = body.Value ?? new RequestBody(null, null, null, null, null);
        if (string.IsNullOrWhiteSpace(request.Service))
        {
            return ChangeAnswers.Invalid("service", "name the service to change");
        }
        if (!TryKind(request.Kind, out var kind))
        {
            return ChangeAnswers.Invalid("kind", "kind must be 'rollback' or 'canary'");
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return ChangeAnswers.Invalid("reason", "say why (the approver and the audit log read it)");
        }
        if (IdempotencyKey(context, out var key) is { } badKey)
        {
            return badKey;
        }
        var target = request.TargetVersion?.Trim();
        if (kind == ChangeKind.Rollback && (string.IsNullOrEmpty(target) || string.Equals(target, "prev", StringComparison.OrdinalIgnoreCase)))
        {
            var previous = await PreviousVersionAsync(provider, request.Service.Trim(), context.RequestAborted);
            if (previous.Problem is { } none)
            {
                return none;
            }
            target = previous.Value;
        }
        if (string.IsNullOrEmpty(target))
        {
            return ChangeAnswers.Invalid("targetVersion", "a canary needs the version to shift traffic to");
        }
        var draft = new ChangeDraft(request.Service.Trim(), kind, target, request.Reason.Trim())
        {
            AlertFingerprint = string.IsNullOrWhiteSpace(request.AlertFingerprint) ? null : request.AlertFingerprint.Trim(),
        };
        var result = await changes.RequestAsync(draft, ActorClaims.ToActor(context.User)!, key, context.RequestAborted);
        return ChangeAnswers.From(result, StatusCodes.Status201Created);
    }

    private static async Task<IResult> DecisionAsync(HttpContext context, string id, ChangeService changes, CanaryDecision decision)
    {
        var body = await ReadAsync<ReasonBody>(context);
        if (body.Problem is { } problem)
        {
            return problem;
        }
        var reason = body.Value?.Reason ?? "";
        // Before approval an abort is a withdrawal (requester) or a rejection (lead); afterwards a guarded canary decision.
        if (decision == CanaryDecision.Abort && changes.Get(id) is { State: ChangeState.Requested })
        {
            return await Command(context, changes, id, (actor, key) =>
                changes.RejectAsync(id, actor, string.IsNullOrWhiteSpace(reason) ? "aborted before approval" : reason, key));
        }
        return await Command(context, changes, id, (actor, key) => changes.RequestCanaryDecisionAsync(id, actor, decision, reason, key));
    }

    private static async Task<IResult> Command(HttpContext context, ChangeService changes, string id, Func<Core.Security.Actor, string?, Task<ChangeResult>> run)
    {
        if (IdempotencyKey(context, out var key) is { } badKey)
        {
            return badKey;
        }
        var result = await run(ActorClaims.ToActor(context.User)!, key);
        return ChangeAnswers.From(result);
    }

    private static IResult? IdempotencyKey(HttpContext context, out string? key)
    {
        key = context.Request.Headers[IdempotencyHeader].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            key = null;
            return null;
        }
        return key.Length > MaxIdempotencyKeyLength
            ? ChangeAnswers.Invalid(IdempotencyHeader, $"at most {MaxIdempotencyKeyLength} characters (a UUID is plenty)")
            : null;
    }

    private static async Task<(string? Value, IResult? Problem)> PreviousVersionAsync(IDeploymentProvider provider, string service, CancellationToken ct)
    {
        var history = await provider.GetHistoryAsync(service, ct);
        if (!history.IsOk)
        {
            return (null, history.Outcome == DeploymentOutcome.NotFound
                ? ChangeAnswers.From(ChangeResult.NotFound($"no service named '{service}'"))
                : ChangeAnswers.Invalid("service", $"the history of {service} cannot be read: {history.Reason}"));
        }
        // Newest first: the previous version is the newest revision that is not the one running.
        var current = history.Value.FirstOrDefault(r => r.IsCurrent)?.Version;
        var previous = history.Value.FirstOrDefault(r => !r.IsCurrent && r.Version != current)?.Version;
        return previous is null
            ? (null, ChangeAnswers.Invalid("targetVersion", $"{service} has no earlier version to roll back to"))
            : (previous, null);
    }

    private static async Task<IResult> ListServicesAsync(IDeploymentProvider provider, HttpContext context)
    {
        var services = await provider.ListServicesAsync(context.RequestAborted);
        if (!services.IsOk)
        {
            return Hosting.Problems.Create(StatusCodes.Status503ServiceUnavailable, "Deployments unavailable",
                services.Reason ?? "the deployment provider did not answer", [Hosting.Problems.FieldError(null, "provider", services.Reason ?? "no answer")]);
        }
        return Results.Json(new
        {
            services = services.Value.Select(s => new { name = s.Name, version = s.Version, image = s.Image, readyReplicas = s.ReadyReplicas, desiredReplicas = s.DesiredReplicas }),
        });
    }

    /// <summary>
    /// CSRF: a bearer token cannot be sent by another site, a cookie can. Cookie-authenticated POSTs must carry the
    /// antiforgery header (<c>RequestVerificationToken</c>), which another site cannot read or forge.
    /// </summary>
    internal static async ValueTask<object?> CsrfGuard(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.User.Identity?.AuthenticationType != PersonalTokenHandler.SchemeName)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return ChangeAnswers.Invalid("RequestVerificationToken",
                    "a cookie-signed-in call needs the antiforgery header; scripts and the CLI use Authorization: Bearer <personal token>");
            }
        }
        return await next(invocation);
    }

    private static Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class =>
        JsonRequestBody.ReadAsync<T>(context, ChangeAnswers.Invalid);

    private static bool TryKind(string? text, out ChangeKind kind)
    {
        kind = ChangeKind.Rollback;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("rollback", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        kind = ChangeKind.Canary;
        return text.Trim().Equals("canary", StringComparison.OrdinalIgnoreCase);
    }

    private sealed record RequestBody(string? Service, string? Kind, string? TargetVersion, string? Reason, string? AlertFingerprint);

    private sealed record ReasonBody(string? Reason);
}
