namespace HmsOps.Console.Security;

/// <summary>Sign-in, roles and personal tokens (<c>Auth</c> section); checked by <see cref="AuthOptionsValidator"/>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Local users; their roles are exactly the ones listed (nothing is implied by another role).</summary>
    public List<LocalUserOptions> Users { get; set; } = [];

    public OidcOptions Oidc { get; set; } = new();

    public LockoutOptions Lockout { get; set; } = new();

    public LoginRateLimitOptions LoginRateLimit { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    /// <summary>How long a browser sign-in lasts (sliding: every request renews it).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Whether <c>/metrics</c> answers without sign-in (default yes: Prometheus scrapes it with no credentials).</summary>
    public bool OpenMetrics { get; set; } = true;

    /// <summary>
    /// Whether the Prometheus-compatible API (<c>/api/v1/*</c>, <c>/federate</c>) and the live-query hub answer without
    /// sign-in (default yes: Grafana and a federating Prometheus use them as a data source with no credentials).
    /// </summary>
    public bool OpenPrometheusApi { get; set; } = true;
}

public sealed class LocalUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>An ASP.NET Core Identity <c>PasswordHasher</c> (v3) hash, made by <c>hms-ops auth hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}

/// <summary>Optional OpenID Connect sign-in; added only when <see cref="Authority"/> is set.</summary>
public sealed class OidcOptions
{
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The ID-token claim that carries the provider's group or role names.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider value → console role (viewer, oncall, engineer, lead); values not listed grant nothing.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => Authority.Length > 0;
}

public sealed class LockoutOptions
{
    /// <summary>Failed sign-ins in a row after which the name is locked.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Names with failures remembered at once; at the bound the oldest record is forgotten first.</summary>
    public int MaxTrackedNames { get; set; } = 10_000;
}

/// <summary>Sign-in attempts allowed per client address per window (a fixed window; more are answered 429).</summary>
public sealed class LoginRateLimitOptions
{
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class TokenOptions
{
    /// <summary>Active (not revoked, not expired) tokens one person may hold; creating one more is refused.</summary>
    public int MaxPerUser { get; set; } = 10;

    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(365);
}
