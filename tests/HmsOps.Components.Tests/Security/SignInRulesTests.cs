using System.Security.Claims;
using HmsOps.Console.Security;
using HmsOps.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Components.Tests.Security;

/// <summary>The sign-in rules that need no browser: lockout timing, return URLs, the claims contract, option checks.</summary>
public sealed class SignInRulesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_name_locks_after_the_maximum_failures_in_a_row_and_unlocks_after_the_duration()
    {
        var lockout = new LoginLockout(new LockoutOptions { MaxFailures = 3, Duration = TimeSpan.FromMinutes(15) }, _time);

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
        var lockout = new LoginLockout(new LockoutOptions { MaxFailures = 2, MaxTrackedNames = 2 }, _time);
        lockout.RecordFailure("old");
        _time.Advance(TimeSpan.FromSeconds(1));
        lockout.RecordFailure("newer");
        _time.Advance(TimeSpan.FromSeconds(1));
        lockout.RecordFailure("newest");

        Assert.False(lockout.RecordFailure("old"));
        Assert.True(lockout.RecordFailure("newest"));
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
