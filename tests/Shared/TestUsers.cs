using Microsoft.AspNetCore.Identity;

namespace HmsOps.Tests.Shared;

/// <summary>
/// The users every test console knows: the demo names with the demo roles (cumulative, as README configures them), but
/// test passwords whose hashes are made here at start, so no test depends on the shipped demo hashes.
/// </summary>
public static class TestUsers
{
    public const string Viewer = "viewer";
    public const string OnCall = "oncall";
    public const string Engineer = "engineer";
    public const string Lead1 = "lead1";
    public const string Lead2 = "lead2";

    public static IReadOnlyList<(string Name, string[] Roles)> All { get; } =
    [
        (Viewer, ["viewer"]),
        (OnCall, ["viewer", "oncall"]),
        (Engineer, ["viewer", "oncall", "engineer"]),
        (Lead1, ["viewer", "oncall", "engineer", "lead"]),
        (Lead2, ["viewer", "oncall", "engineer", "lead"]),
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Hashes = new(() =>
        All.ToDictionary(u => u.Name, u => new PasswordHasher<object>().HashPassword(new object(), Password(u.Name)), StringComparer.Ordinal));

    public static string Password(string name) => $"test-{name}-password";

    /// <summary>Configuration keys for <c>Auth:Users</c>; same indexes and role counts as appsettings.json, so nothing is left over from it.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings()
    {
        for (var i = 0; i < All.Count; i++)
        {
            var (name, roles) = All[i];
            yield return new($"Auth:Users:{i}:Name", name);
            yield return new($"Auth:Users:{i}:PasswordHash", Hashes.Value[name]);
            for (var r = 0; r < roles.Length; r++)
            {
                yield return new($"Auth:Users:{i}:Roles:{r}", roles[r]);
            }
        }
    }
}
