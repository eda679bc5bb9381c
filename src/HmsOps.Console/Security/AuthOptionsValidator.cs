using Microsoft.Extensions.Options;

namespace HmsOps.Console.Security;

/// <summary>Lists every problem in the <c>Auth</c> section at once, so one start-up attempt shows them all.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var at = $"Auth:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"{at}:Name is required");
            }
            else if (!seen.Add(user.Name.Trim()))
            {
                // Names compare without case at sign-in, so "Lead1" and "lead1" would be one login with two configurations.
                errors.Add($"{at}:Name '{user.Name}' is configured more than once (names are compared without case)");
            }
            if (!PasswordHashes.IsWellFormed(user.PasswordHash))
            {
                errors.Add($"{at}:PasswordHash is not a PasswordHasher v3 hash (make one with `hms-ops auth hash-password`; plain text is never accepted)");
            }
            if (user.Roles.Count == 0)
            {
                errors.Add($"{at}:Roles must list at least one of {string.Join(", ", ActorClaims.RoleNames)}");
            }
            foreach (var role in user.Roles.Where(r => !ActorClaims.TryParse(r, out _)))
            {
                errors.Add($"{at}:Roles: unknown role '{role}' (known: {string.Join(", ", ActorClaims.RoleNames)})");
            }
        }
        if (options.Oidc.Enabled)
        {
            if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                errors.Add("Auth:Oidc:Authority must be an absolute http(s) URL");
            }
            if (string.IsNullOrWhiteSpace(options.Oidc.ClientId))
            {
                errors.Add("Auth:Oidc:ClientId is required when Auth:Oidc:Authority is set");
            }
            if (string.IsNullOrWhiteSpace(options.Oidc.RoleClaim))
            {
                errors.Add("Auth:Oidc:RoleClaim is required when Auth:Oidc:Authority is set");
            }
            foreach (var (value, role) in options.Oidc.RoleMap.Where(p => !ActorClaims.TryParse(p.Value, out _)))
            {
                errors.Add($"Auth:Oidc:RoleMap:{value}: unknown role '{role}'");
            }
        }
        if (options.Lockout.MaxFailures < 1)
        {
            errors.Add("Auth:Lockout:MaxFailures must be at least 1");
        }
        if (options.Lockout.Duration <= TimeSpan.Zero)
        {
            errors.Add("Auth:Lockout:Duration must be positive");
        }
        if (options.Lockout.MaxTrackedNames < 1)
        {
            errors.Add("Auth:Lockout:MaxTrackedNames must be at least 1");
        }
        if (options.LoginRateLimit.PermitLimit < 1)
        {
            errors.Add("Auth:LoginRateLimit:PermitLimit must be at least 1");
        }
        if (options.LoginRateLimit.Window <= TimeSpan.Zero)
        {
            errors.Add("Auth:LoginRateLimit:Window must be positive");
        }
        if (options.Tokens.MaxPerUser < 1)
        {
            errors.Add("Auth:Tokens:MaxPerUser must be at least 1");
        }
        if (options.Tokens.MaxLifetime <= TimeSpan.Zero)
        {
            errors.Add("Auth:Tokens:MaxLifetime must be positive");
        }
        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add("Auth:SessionLifetime must be positive");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
