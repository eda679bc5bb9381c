using System.Security.Claims;
using HmsOps.Console.Security;
using HmsOps.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Components.Tests.Security;

/// <summary>The sign-in rules that need no browser: lockout timing, return URLs, the claims contract, option checks.</summary>
public sealed class SignInRulesTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-lockout-" + Guid.NewGuid().ToString("N"));
    private readonly List<LoginLockout> _opened = [];

    private string LockoutFile => Path.Combine(_folder, LoginFailureStore.FileName);

    private LoginLockout Lockout(LockoutOptions options)
    {
        var lockout = new LoginLockout(options, _time, LockoutFile);
        _opened.Add(lockout);
        return lockout;
    }

    public void Dispose()
    {
        _opened.ForEach(l => l.Dispose());
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void A_name_locks_after_the_maximum_failures_in_a_row_and_unlocks_after_the_duration()
    {
        var lockout = Lockout(new LockoutOptions { MaxFailures = 3, Duration = TimeSpan.FromMinutes(15) });

        Assert.False(lockout.RecordFailure("Ada"));
        lockout.RecordSuccess("ada");
        Assert.False(lockout.RecordFailure("ada"));
        Assert.False(lockout.RecordFailure("ada"));
        Assert.False(lockout.IsLocked("ADA"));
        Assert.True(lockout.RecordFailure("ada"));
        Assert.True(lockout.IsLocked("ADA"));
        Assert.False(lockout.IsLocked("bob"));

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(lockout.IsLocked("ada"));
        Assert.False(lockout.RecordFailure("ada"));
    }

    [Fact]
    public void Tracked_names_are_bounded_and_the_oldest_is_forgotten_first()
    {
        var lockout = Lockout(new LockoutOptions { MaxFailures = 2, MaxTrackedNames = 2 });
        lockout.RecordFailure("old");
        _time.Advance(TimeSpan.FromSeconds(1));
        lockout.RecordFailure("newer");
        _time.Advance(TimeSpan.FromSeconds(1));
        lockout.RecordFailure("newest");

        Assert.False(lockout.RecordFailure("old"));
        Assert.True(lockout.RecordFailure("newest"));
    }

    [Fact]
    public void A_lock_and_a_count_survive_reopening_the_file_and_the_lock_still_ends_on_time()
    {
        var options = new LockoutOptions { MaxFailures = 3, Duration = TimeSpan.FromMinutes(15) };
        var before = Lockout(options);
        before.RecordFailure("ada");
        before.RecordFailure("ada");
        before.RecordFailure("bob");
        Assert.True(before.RecordFailure("ada"));
        before.Dispose();

        var after = Lockout(options);
        Assert.True(after.IsLocked("Ada"));
        Assert.True(after.RecordFailure("bob") is false && after.RecordFailure("bob"), "bob's earlier failure still counts");
        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(after.IsLocked("ada"));
    }

    [Fact]
    public void A_count_left_alone_for_the_lockout_duration_is_forgotten()
    {
        var lockout = Lockout(new LockoutOptions { MaxFailures = 2, Duration = TimeSpan.FromMinutes(15) });
        lockout.RecordFailure("ada");
        _time.Advance(TimeSpan.FromMinutes(16));

        Assert.False(lockout.RecordFailure("ada"), "the failure 16 minutes ago no longer counts");
        Assert.True(lockout.RecordFailure("ada"));
    }

    [Theory]
    [InlineData("/alerts?state=firing", "/alerts?state=firing")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("alerts", "/")]
    public void Only_a_local_return_address_is_honoured(string? requested, string expected) =>
        Assert.Equal(expected, LoginEndpoints.LocalOrRoot(requested));

    [Fact]
    public void Every_scheme_s_principal_reads_back_as_the_same_actor()
    {
        var principal = ActorClaims.Principal("lead1", [Role.Viewer, Role.Lead], "test", "password");

        Assert.Equal("lead1", principal.FindFirst(ClaimTypes.Name)?.Value);
        Assert.Equal(["viewer", "lead"], principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
        var actor = ActorClaims.ToActor(principal);
        Assert.Equal("lead1", actor?.Name);
        Assert.True(actor!.Has(Role.Lead) && actor.Has(Role.Viewer) && !actor.Has(Role.OnCall));
        Assert.Null(ActorClaims.ToActor(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public void Openid_connect_roles_are_mapped_and_unmapped_values_grant_nothing()
    {
        var provider = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("preferred_username", "ada@agency.gov"), new Claim("groups", "sre-leads"), new Claim("groups", "everyone")], "oidc"));
        var options = new OidcOptions { RoleClaim = "groups", RoleMap = new() { ["sre-leads"] = "lead" } };

        var actor = ActorClaims.ToActor(HmsOps.Console.Hosting.OidcRoles.Map(provider, options));

        Assert.Equal("ada@agency.gov", actor?.Name);
        Assert.Equal(new HashSet<Role> { Role.Lead }, actor!.Roles);
    }

    [Fact]
    public void Every_problem_in_the_users_is_listed_and_a_good_hash_passes()
    {
        var good = PasswordHashes.Hash("correct horse battery staple");
        var options = new AuthOptions
        {
            Users =
            [
                new() { Name = "ada", PasswordHash = good, Roles = ["viewer", "OnCall"] },
                new() { Name = "ADA", PasswordHash = good, Roles = ["viewer"] },
                new() { Name = "bob", PasswordHash = "plain-text", Roles = [] },
                new() { Name = "cy", PasswordHash = good, Roles = ["root"] },
            ],
            Lockout = new() { MaxFailures = 0 },
        };

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.Equal(
        [
            "Auth:Users:1:Name 'ADA' is configured more than once (names are compared without case)",
            "Auth:Users:2:PasswordHash is not a PasswordHasher v3 hash (make one with `hms-ops auth hash-password`; plain text is never accepted)",
            "Auth:Users:2:Roles must list at least one of viewer, oncall, engineer, lead",
            "Auth:Users:3:Roles: unknown role 'root' (known: viewer, oncall, engineer, lead)",
            "Auth:Lockout:MaxFailures must be at least 1",
        ], result.Failures);
        Assert.True(PasswordHashes.Verify(good, "correct horse battery staple"));
        Assert.False(PasswordHashes.Verify(good, "Correct horse battery staple"));
    }
}
