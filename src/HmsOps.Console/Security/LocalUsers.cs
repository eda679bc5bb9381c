using HmsOps.Core.Security;

namespace HmsOps.Console.Security;

/// <summary>A configured local user after validation: the canonical name spelling and parsed roles.</summary>
public sealed record LocalUser(string Name, string PasswordHash, IReadOnlySet<Role> Roles);

/// <summary>The local users from <c>Auth:Users</c>; names are looked up without case and answered in their configured spelling.</summary>
public sealed class LocalUsers
{
    // Verified against for unknown names, so an unknown name costs the same time as a wrong password.
    private static readonly string DecoyHash = PasswordHashes.Hash(Guid.NewGuid().ToString("N"));

    private readonly Dictionary<string, LocalUser> _byName;

    public LocalUsers(AuthOptions options)
    {
        _byName = options.Users.ToDictionary(
            u => u.Name.Trim(),
            u => new LocalUser(u.Name.Trim(), u.PasswordHash,
                u.Roles.Select(r => ActorClaims.TryParse(r, out var role) ? role : Role.Viewer).ToHashSet()),
            StringComparer.OrdinalIgnoreCase);
    }

    public LocalUser? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The user when the password matches; null for an unknown name or a wrong password alike.</summary>
    public LocalUser? Verify(string name, string password)
    {
        var user = Find(name);
        var matches = PasswordHashes.Verify(user?.PasswordHash ?? DecoyHash, password);
        return user is not null && matches ? user : null;
    }
}
