using System.Text.Encodings.Web;
using HmsOps.Console.Hosting;
using HmsOps.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Security;

/// <summary>
/// <c>Authorization: Bearer hmsops_pat_…</c>: the token's owner with the roles they hold now (a local user's configured
/// roles, so removing a role or the user takes effect on the next call; an OpenID Connect user's roles as of creation).
/// Refusals are problem+json, so the CLI can say why.
/// </summary>
public sealed class PersonalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalTokenStore tokens,
    LocalUsers users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalToken";

    /// <summary>The bearer value when it is a personal token (ingest keys sent as Bearer are not).</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var value = header["Bearer ".Length..].Trim();
        return PersonalTokenStore.LooksLikeToken(value) ? value : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } secret)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (tokens.Authenticate(secret) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.Fail("the personal token is unknown, revoked or expired"));
        }
        IEnumerable<Role> roles = token.RolesAtCreation;
        if (users.Find(token.Owner) is { } local)
        {
            roles = local.Roles;
        }
        var principal = ActorClaims.Principal(token.Owner, roles, SchemeName, "token:" + token.Id);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessProblems.WriteAsync(Context, StatusCodes.Status403Forbidden);
}
