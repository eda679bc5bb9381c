using System.Text.Json;
using HmsOps.Core.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace HmsOps.Console.Security;

/// <summary>
/// The browser sign-in: the static login page posts here (antiforgery-checked, rate-limited per address), and a
/// cookie is set. Every failure, whatever its cause (unknown name, wrong password, locked name), answers the same
/// way, so the page never tells which names exist.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string LoginPostPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string OidcPath = "/account/login/oidc";
    public const string RateLimitPolicy = "login";

    // Audit entries keep what was typed as the name, bounded: someone may paste a password or a novel there.
    private const int MaxAuditedNameLength = 64;

    public static void MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginPostPath, SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        app.MapPost(LogoutPath, SignOutAsync);
        app.MapGet(OidcPath, (string? returnUrl, AuthOptions options) => options.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [HmsOps.Console.Hosting.AuthRegistrationNames.Oidc])
                : Hosting.Problems.Create(StatusCodes.Status404NotFound, "OpenID Connect is not configured",
                    "set Auth:Oidc:Authority and Auth:Oidc:ClientId to sign in through an identity provider",
                    [Hosting.Problems.FieldError(null, "Auth:Oidc:Authority", "not set")]))
            .AllowAnonymous();
    }

    /// <summary>Only a path on this console; anything else (another host, <c>//host</c>, <c>/\host</c>) becomes the radar.</summary>
    public static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && Uri.TryCreate(url, UriKind.Relative, out _)
            ? url
            : "/";

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] LoginForm form, LocalUsers users, LoginLockout lockout, IAuditLog audit)
    {
        var name = (form.UserName ?? "").Trim();
        var returnUrl = LocalOrRoot(form.ReturnUrl);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (name.Length == 0 || string.IsNullOrEmpty(form.Password))
        {
            return Failed(returnUrl);
        }
        var audited = name.Length > MaxAuditedNameLength ? name[..MaxAuditedNameLength] : name;
        if (lockout.IsLocked(name))
        {
            audit.Append(new AuditDraft(audited, AuditActions.SignInFailed, "console", Detail(address, "locked")));
            return Failed(returnUrl);
        }
        if (users.Verify(name, form.Password) is not { } user)
        {
            var lockedNow = lockout.RecordFailure(name);
            audit.Append(new AuditDraft(audited, AuditActions.SignInFailed, "console", Detail(address, "bad-credentials")));
            if (lockedNow)
            {
                audit.Append(new AuditDraft(audited, AuditActions.SignInLockedOut, "console", Detail(address, "too-many-failures")));
            }
            return Failed(returnUrl);
        }
        lockout.RecordSuccess(name);
        var principal = ActorClaims.Principal(user.Name, user.Roles, CookieAuthenticationDefaults.AuthenticationScheme, "password");
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        audit.Append(new AuditDraft(user.Name, AuditActions.SignIn, "console", Detail(address, "password")));
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAuditLog audit, IAntiforgery antiforgery)
    {
        // Checked here: the antiforgery middleware only records its verdict for endpoints that bind no form fields.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Hosting.Problems.Create(StatusCodes.Status400BadRequest, "Sign-out not confirmed",
                "sign out with the console's Sign out button", [Hosting.Problems.FieldError(null, "__RequestVerificationToken", "missing or invalid")]);
        }
        if (ActorClaims.ToActor(context.User) is { } actor)
        {
            audit.Append(new AuditDraft(actor.Name, AuditActions.SignOut, "console"));
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect(LoginPath);
    }

    private static IResult Failed(string returnUrl) =>
        Results.LocalRedirect($"{LoginPath}?failed=1&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>The audit detail of a sign-in attempt: the client address and how it went (never a password).</summary>
    internal static string Detail(string address, string reason) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["address"] = address, ["reason"] = reason });

    public sealed class LoginForm
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
