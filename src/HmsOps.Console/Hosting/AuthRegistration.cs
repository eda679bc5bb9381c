using System.Security.Claims;
using System.Threading.RateLimiting;
using HmsOps.Console.Security;
using HmsOps.Core.Audit;
using HmsOps.Core.Security;
using HmsOps.Core.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;

namespace HmsOps.Console.Hosting;

/// <summary>Scheme names beyond the framework's defaults.</summary>
public static class AuthRegistrationNames
{
    /// <summary>The default scheme: a personal token when one is presented, else the browser cookie.</summary>
    public const string CookieOrToken = "CookieOrToken";

    public const string Oidc = OpenIdConnectDefaults.AuthenticationScheme;
}

public static class AuthRegistration
{
    /// <summary>Sign-in (cookie, personal tokens, optional OpenID Connect), the role policies and the login rate limit.</summary>
    public static WebApplicationBuilder AddConsoleAuth(this WebApplicationBuilder builder, ConsolePaths paths)
    {
        var services = builder.Services;
        ServiceRegistration.Bind<AuthOptions, AuthOptionsValidator>(builder, AuthOptions.Section);
        // Read once here as well: which schemes exist and the rate limit's shape are decided while building.
        var configured = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var dataPath = Path.GetFullPath(builder.Configuration[$"{StorageOptions.Section}:DataPath"] ?? "data", paths.ContentRoot);

        services.AddSingleton(sp => new LocalUsers(ServiceRegistration.Value<AuthOptions>(sp)));
        services.AddSingleton(sp => new LoginLockout(ServiceRegistration.Value<AuthOptions>(sp).Lockout, sp.GetRequiredService<TimeProvider>(),
            Path.Combine(dataPath, LoginFailureStore.FileName)));
        services.AddSingleton(sp => new PersonalTokenStore(Path.Combine(dataPath, PersonalTokenStore.FileName),
            ServiceRegistration.Value<AuthOptions>(sp).Tokens.MaxPerUser, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PersonalTokenService>();

        // Cookies stay valid across restarts (and between console processes sharing a data folder).
        services.AddDataProtection().SetApplicationName("hms-ops-console")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));

        var authentication = services.AddAuthentication(AuthRegistrationNames.CookieOrToken)
            .AddPolicyScheme(AuthRegistrationNames.CookieOrToken, "Cookie or personal token", o =>
                o.ForwardDefaultSelector = context => PersonalTokenHandler.Presented(context.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : PersonalTokenHandler.SchemeName)
            .AddCookie(o =>
            {
                o.LoginPath = LoginEndpoints.LoginPath;
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = configured.SessionLifetime;
                o.SlidingExpiration = true;
                o.Cookie.Name = "hmsops.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Events.OnRedirectToLogin = context => AccessProblems.IsMachinePath(context.Request.Path)
                    ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized)
                    : RedirectAsync(context);
                o.Events.OnRedirectToAccessDenied = context =>
                    AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null);
        if (configured.Oidc.Enabled)
        {
            authentication.AddOpenIdConnect(AuthRegistrationNames.Oidc, o =>
            {
                o.Authority = configured.Oidc.Authority;
                o.ClientId = configured.Oidc.ClientId;
                o.ClientSecret = configured.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.RequireHttpsMetadata = configured.Oidc.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                o.Scope.Add("profile");
                o.MapInboundClaims = false;
                o.Events.OnTokenValidated = context =>
                {
                    // The provider's claims are translated into the console's contract (name + lower-case roles).
                    context.Principal = OidcRoles.Map(context.Principal!, configured.Oidc);
                    // Audited like a password sign-in; the provider has already said who it is.
                    context.HttpContext.RequestServices.GetRequiredService<IAuditLog>().Append(new AuditDraft(
                        context.Principal.Identity?.Name ?? "unknown", AuditActions.SignIn, "console",
                        LoginEndpoints.Detail(context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", "oidc")));
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.OnCall, p => p.RequireRole(ActorClaims.Name(Role.OnCall)))
            .AddPolicy(Policies.Engineer, p => p.RequireRole(ActorClaims.Name(Role.Engineer)))
            .AddPolicy(Policies.Lead, p => p.RequireRole(ActorClaims.Name(Role.Lead)));
        services.AddCascadingAuthenticationState();
        services.AddScoped<SignedInUser>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configured.LoginRateLimit.PermitLimit,
                    Window = configured.LoginRateLimit.Window,
                    QueueLimit = 0,
                }));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    "Too many sign-in attempts from this address. Wait a minute and try again.\n"));
            };
        });
        return builder;
    }

    private static Task RedirectAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Translates an OpenID Connect principal into the console's claims contract.</summary>
public static class OidcRoles
{
    public static ClaimsPrincipal Map(ClaimsPrincipal provider, OidcOptions options)
    {
        var name = provider.FindFirst("preferred_username")?.Value ?? provider.FindFirst("name")?.Value
            ?? provider.FindFirst("sub")?.Value ?? "unknown";
        var roles = provider.FindAll(options.RoleClaim)
            .Select(c => options.RoleMap.GetValueOrDefault(c.Value))
            .Select(r => ActorClaims.TryParse(r, out var role) ? (Role?)role : null)
            .OfType<Role>();
        return ActorClaims.Principal(name, roles, CookieAuthenticationDefaults.AuthenticationScheme, "oidc");
    }
}
