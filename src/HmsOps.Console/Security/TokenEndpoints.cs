using System.Text.Json;
using HmsOps.Console.Hosting;
using HmsOps.Core.Audit;
using HmsOps.Core.Security;

namespace HmsOps.Console.Security;

/// <summary>
/// <c>/api/tokens</c>: a signed-in person lists, creates and revokes their own personal tokens. Creating needs a
/// browser (or OpenID Connect) sign-in, not another token, so a leaked token cannot mint longer-lived ones.
/// </summary>
public static class TokenEndpoints
{
    public const string Path = "/api/tokens";

    public static void MapTokens(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).RequireAuthorization(Policies.Viewer);
        group.MapGet("", (HttpContext context, PersonalTokenStore tokens, TimeProvider time) =>
        {
            var actor = ActorClaims.ToActor(context.User)!;
            var now = time.GetUtcNow();
            return Results.Json(new { tokens = tokens.List(actor.Name).Select(t => Describe(t, now)) });
        });
        group.MapPost("", (HttpContext context, CreateTokenRequest request, PersonalTokenService service) =>
        {
            if (context.User.Identity?.AuthenticationType == PersonalTokenHandler.SchemeName)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "Tokens cannot create tokens",
                    "sign in with a password (or OpenID Connect) to create a personal token",
                    [Problems.FieldError(null, "Authorization", "a personal token was presented")]);
            }
            var result = service.Create(context.User, request.Name, request.ExpiresInDays);
            return result.Error is { } error
                ? Problems.Create(StatusCodes.Status400BadRequest, "Token not created", error.Reason,
                    [Problems.FieldError(null, error.Field, error.Reason)])
                : Results.Json(new { token = result.Created!.Secret, id = result.Created.Token.Id, name = result.Created.Token.Name,
                    expiresAt = result.Created.Token.ExpiresAt }, statusCode: StatusCodes.Status201Created);
        });
        group.MapDelete("/{id}", (HttpContext context, string id, PersonalTokenService service) =>
            service.Revoke(context.User, id)
                ? Results.NoContent()
                : Problems.Create(StatusCodes.Status404NotFound, "No such token",
                    "you hold no active token with this id", [Problems.FieldError(null, "id", "unknown, revoked or not yours")]));
    }

    private static object Describe(PersonalToken token, DateTimeOffset now) => new
    {
        id = token.Id,
        name = token.Name,
        createdAt = token.CreatedAt,
        expiresAt = token.ExpiresAt,
        lastUsedAt = token.LastUsedAt,
        revokedAt = token.RevokedAt,
        active = token.IsActive(now),
    };

    public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);
}

/// <summary>Token creation and revocation with their checks and audit entries; shared by the API and the Tokens page.</summary>
public sealed class PersonalTokenService(PersonalTokenStore tokens, AuthOptions options, IAuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int DefaultLifetimeDays = 30;

    public sealed record FieldProblem(string Field, string Reason);

    public sealed record CreateResult(CreatedToken? Created, FieldProblem? Error);

    public CreateResult Create(System.Security.Claims.ClaimsPrincipal user, string? name, int? expiresInDays)
    {
        var actor = ActorClaims.ToActor(user) ?? throw new InvalidOperationException("nobody is signed in");
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return new(null, new("name", $"give the token a name of 1 to {MaxNameLength} characters (what uses it, e.g. 'laptop CLI')"));
        }
        var days = expiresInDays ?? DefaultLifetimeDays;
        var maxDays = (int)options.Tokens.MaxLifetime.TotalDays;
        if (days < 1 || days > maxDays)
        {
            return new(null, new("expiresInDays", $"expiry must be 1 to {maxDays} days (Auth:Tokens:MaxLifetime)"));
        }
        try
        {
            var created = tokens.Create(actor.Name, trimmed, actor.Roles, time.GetUtcNow().AddDays(days));
            audit.Append(new AuditDraft(actor.Name, AuditActions.TokenCreated, "token:" + created.Token.Id,
                JsonSerializer.Serialize(new { name = trimmed, expiresAt = created.Token.ExpiresAt })));
            return new(created, null);
        }
        catch (TokenLimitException limit)
        {
            return new(null, new("name", limit.Message));
        }
    }

    public bool Revoke(System.Security.Claims.ClaimsPrincipal user, string id)
    {
        var actor = ActorClaims.ToActor(user) ?? throw new InvalidOperationException("nobody is signed in");
        if (!tokens.Revoke(actor.Name, id))
        {
            return false;
        }
        audit.Append(new AuditDraft(actor.Name, AuditActions.TokenRevoked, "token:" + id));
        return true;
    }
}
