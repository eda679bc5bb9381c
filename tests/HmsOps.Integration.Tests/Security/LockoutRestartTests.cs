using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Security;

/// <summary>A lockout is kept in the data folder: killing and restarting the console does not hand out fresh guesses.</summary>
public sealed class LockoutRestartTests
{
    private const string Failed = "/login?failed=1&returnUrl=%2F";
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_locked_name_stays_locked_after_a_restart_until_its_time_is_up()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "hmsops-test-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:Lockout:MaxFailures"] = "3",
            ["Auth:Lockout:Duration"] = "00:00:20",
        };
        try
        {
            DateTimeOffset lockedNoEarlierThan;
            await using (var first = new ConsoleProcess(settings, dataPath))
            {
                await first.StartAndWaitUntilReadyAsync();
                using var browser = first.CreateCookieClient();
                for (var i = 0; i < 2; i++)
                {
                    using var wrong = await ConsoleProcess.PostLoginAsync(browser, TestUsers.Engineer, "guess-" + i);
                    Assert.Equal(Failed, wrong.Headers.Location?.OriginalString);
                }
                // The lock starts when the console handles this third failure, which is after this moment.
                lockedNoEarlierThan = DateTimeOffset.UtcNow;
                using var third = await ConsoleProcess.PostLoginAsync(browser, TestUsers.Engineer, "guess-2");
                using var locked = await ConsoleProcess.PostLoginAsync(browser, TestUsers.Engineer, TestUsers.Password(TestUsers.Engineer));
                Assert.Equal(Failed, locked.Headers.Location?.OriginalString);
                await first.KillHardAsync();
            }

            await using var second = new ConsoleProcess(settings, dataPath);
            await second.StartAndWaitUntilReadyAsync();
            using var again = second.CreateCookieClient();
            using var stillLocked = await ConsoleProcess.PostLoginAsync(again, TestUsers.Engineer, TestUsers.Password(TestUsers.Engineer));
            Assert.True(DateTimeOffset.UtcNow < lockedNoEarlierThan + LockDuration, "the restart took longer than the lock; raise LockDuration");
            Assert.Equal(Failed, stillLocked.Headers.Location?.OriginalString);

            // The right password works again once the lock has run out, and not before.
            var signedInAt = await Poll.UntilAsync<DateTimeOffset?>(async () =>
            {
                using var client = second.CreateCookieClient();
                using var attempt = await ConsoleProcess.PostLoginAsync(client, TestUsers.Engineer, TestUsers.Password(TestUsers.Engineer));
                return attempt.Headers.Location?.OriginalString == "/" ? DateTimeOffset.UtcNow : (DateTimeOffset?)null;
            }, at => at is not null, "the lock to end", TimeSpan.FromSeconds(60));
            Assert.True(signedInAt >= lockedNoEarlierThan + LockDuration, $"signed in at {signedInAt:O}, before the lock from {lockedNoEarlierThan:O} ran out");
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
