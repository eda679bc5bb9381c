namespace HmsOps.Core.Security;

/// <summary>
/// Who asks for something: a signed-in person (or a personal token's owner) with the roles configured for them,
/// or the console itself (<see cref="System"/>) for timers and analysis. Names compare ordinally, so "Lead1" and
/// "lead1" are different people; sign-in normalises names before they get here.
/// </summary>
public sealed record Actor(string Name, IReadOnlySet<Role> Roles)
{
    /// <summary>The console acting on its own (expiry, canary analysis, recovery). It holds no role.</summary>
    public static Actor System { get; } = new("system", new HashSet<Role>());

    public static Actor Create(string name, params Role[] roles) => new(name, roles.ToHashSet());

    public bool Has(Role role) => Roles.Contains(role);

    public bool HasAny(params Role[] roles) => roles.Any(Roles.Contains);

    public bool IsSystem => ReferenceEquals(this, System);

    // Records compare sets by reference; two actors are the same person when their names are.
    public bool Equals(Actor? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
