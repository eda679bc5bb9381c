using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HmsOps.Core.Audit;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Security;

/// <summary>The login form, lockout, the per-address limit, personal tokens and what the audit log records of them.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Repeated_failures_lock_the_name_with_the_same_message_as_a_wrong_password_and_are_audited()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:Lockout:MaxFailures"] = "3",
            ["Auth:Lockout:Duration"] = "01:00:00",
        });
        await console.StartAndWaitUntilReadyAsync();
        using var browser = console.CreateCookieClient();

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await ConsoleProcess.PostLoginAsync(browser, TestUsers.Engineer, "guess-" + i);
            Assert.Equal("/login?failed=1&returnUrl=%2F", wrong.Headers.Location?.OriginalString);
        }
        // Locked: even the right password is refused, and the answer is the same as for an unknown name.
        using var locked = await ConsoleProcess.PostLoginAsync(browser, TestUsers.Engineer, TestUsers.Password(TestUsers.Engineer));
        using var unknown = await ConsoleProcess.PostLoginAsync(browser, "nobody-here", "whatever");
        Assert.Equal(unknown.Headers.Location, locked.Headers.Location);
        Assert.Equal("/login?failed=1&returnUrl=%2F", locked.Headers.Location?.OriginalString);
        using var stillOut = await browser.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        // Other names are not affected.
        using var other = await console.SignInAsync(TestUsers.OnCall);

        var entries = Audit(console);
        Assert.Equal(5, entries.Count(e => e.Action == AuditActions.SignInFailed && e.Actor is TestUsers.Engineer or "nobody-here"));
        Assert.Single(entries, e => e.Action == AuditActions.SignInLockedOut && e.Actor == TestUsers.Engineer);
        Assert.Contains(entries, e => e.Action == AuditActions.SignIn && e.Actor == TestUsers.OnCall);
    }

    [Fact]
    public async Task Sign_in_returns_only_to_a_local_address_and_the_per_address_limit_answers_429()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:LoginRateLimit:PermitLimit"] = "3",
            ["Auth:LoginRateLimit:Window"] = "01:00:00",
        });
        await console.StartAndWaitUntilReadyAsync(); // the ready check signs in once: 2 attempts left

        using var local = await ConsoleProcess.PostLoginAsync(console.CreateCookieClient(), TestUsers.Viewer,
            TestUsers.Password(TestUsers.Viewer), "/traces?service=ach-svc");
        Assert.Equal("/traces?service=ach-svc", local.Headers.Location?.OriginalString);
        using var elsewhere = await ConsoleProcess.PostLoginAsync(console.CreateCookieClient(), TestUsers.Viewer,
            TestUsers.Password(TestUsers.Viewer), "//evil.example/phish");
        Assert.Equal("/", elsewhere.Headers.Location?.OriginalString);

        using var limited = await ConsoleProcess.PostLoginAsync(console.CreateCookieClient(), TestUsers.Viewer, TestUsers.Password(TestUsers.Viewer));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_token_is_shown_once_listed_with_last_use_and_stops_working_when_revoked()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await console.StartAndWaitUntilReadyAsync();
        using var browser = await console.SignInAsync(TestUsers.OnCall);

        using var created = await browser.PostAsJsonAsync("/api/tokens", new { name = "laptop CLI", expiresInDays = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var secret = createdBody.RootElement.GetProperty("token").GetString()!;
        var id = createdBody.RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith("hmsops_pat_", secret, StringComparison.Ordinal);

        using var cli = console.CreateCookieClient();
        cli.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        using var used = await cli.GetAsync("/api/alerts");
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);

        var listed = await browser.GetStringAsync("/api/tokens");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        using var list = JsonDocument.Parse(listed);
        var token = Assert.Single(list.RootElement.GetProperty("tokens").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.Equal("laptop CLI", token.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, token.GetProperty("lastUsedAt").ValueKind);
        Assert.True(token.GetProperty("active").GetBoolean());
        // Someone else cannot revoke it.
        using var lead = await console.SignInAsync(TestUsers.Lead1);
        using var notTheirs = await lead.DeleteAsync("/api/tokens/" + id);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);

        using var revoked = await browser.DeleteAsync("/api/tokens/" + id);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var refused = await cli.GetAsync("/api/alerts");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var entries = Audit(console);
        Assert.Contains(entries, e => e.Action == AuditActions.TokenCreated && e.Actor == TestUsers.OnCall && e.Target == "token:" + id);
        Assert.Contains(entries, e => e.Action == AuditActions.TokenRevoked && e.Actor == TestUsers.OnCall && e.Target == "token:" + id);
        Assert.DoesNotContain(entries, e => e.Detail.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bad_user_setting_is_named_at_start()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:Users:1:PasswordHash"] = "hunter2",
            ["Auth:Users:2:Roles:1"] = "admin",
            ["Auth:Users:4:Name"] = "LEAD1",
            ["Auth:Oidc:Authority"] = "https://login.example.gov",
        });
        console.Start();
        var exitCode = await console.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var reason = string.Join('\n', console.StandardError);

        Assert.True(exitCode == 2, $"exit code {exitCode}: {reason}");
        Assert.Contains("Auth:Users:1:PasswordHash is not a PasswordHasher v3 hash", reason, StringComparison.Ordinal);
        Assert.Contains("Auth:Users:2:Roles: unknown role 'admin'", reason, StringComparison.Ordinal);
        Assert.Contains("Auth:Users:4:Name 'LEAD1' is configured more than once", reason, StringComparison.Ordinal);
        Assert.Contains("Auth:Oidc:ClientId is required", reason, StringComparison.Ordinal);
    }

    private static List<AuditEntry> Audit(ConsoleProcess console)
    {
        using var log = new SqliteAuditLog(Path.Combine(console.DataPath, SqliteAuditLog.FileName), TimeProvider.System);
        return log.ReadAll().ToList();
    }
}
