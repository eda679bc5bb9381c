using System.Security.Claims;
using HmsOps.Core.Security;

namespace HmsOps.Console.Security;

/// <summary>
/// The claims contract every authentication scheme (cookie, personal token, OpenID Connect) fulfils:
/// <see cref="ClaimTypes.Name"/> is the user name and there is one <see cref="ClaimTypes.Role"/> claim per role,
/// spelled as <see cref="Name(Role)"/> gives it. Change code reads people through <see cref="ToActor"/>.
/// </summary>
public static class ActorClaims
{
    /// <summary>How the person signed in: <c>password</c>, <c>oidc</c> or <c>token:&lt;id&gt;</c>.</summary>
    public const string AuthMethodClaim = "hmsops:auth";

    private static readonly Dictionary<string, Role> ByName = new(StringComparer.Ordinal)
    {
        ["viewer"] = Role.Viewer,
        ["oncall"] = Role.OnCall,
        ["engineer"] = Role.Engineer,
        ["lead"] = Role.Lead,
    };

    public static IReadOnlyCollection<string> RoleNames => ByName.Keys;

    public static string Name(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.OnCall => "oncall",
        Role.Engineer => "engineer",
        Role.Lead => "lead",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Parses a configured role name (case-insensitive: configuration is typed by people).</summary>
    public static bool TryParse(string? name, out Role role) =>
        ByName.TryGetValue((name ?? "").Trim().ToLowerInvariant(), out role);

    /// <summary>The person behind a signed-in principal; null when nobody is signed in or the principal has no name.</summary>
    public static Actor? ToActor(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true } || principal.FindFirst(ClaimTypes.Name)?.Value is not { Length: > 0 } name)
        {
            return null;
        }
        var roles = new HashSet<Role>();
        foreach (var claim in principal.FindAll(ClaimTypes.Role))
        {
            if (ByName.TryGetValue(claim.Value, out var role))
            {
                roles.Add(role);
            }
        }
        return new Actor(name, roles);
    }

    /// <summary>The principal a scheme issues for a person with these roles.</summary>
    public static ClaimsPrincipal Principal(string name, IEnumerable<Role> roles, string scheme, string method)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(AuthMethodClaim, method) };
        claims.AddRange(roles.Distinct().Select(r => new Claim(ClaimTypes.Role, Name(r))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
