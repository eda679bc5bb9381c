using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Startup;

/// <summary>
/// Starts a console that is expected to refuse to start, and returns its one reason line. Shared by the start-up
/// suites so every one of them holds the same promise: exit code 2, one line on stderr, no stack trace anywhere.
/// </summary>
internal static class StartupFailure
{
    public const string Prefix = "hms-ops console: cannot start:";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts a console with the demo off and these settings, and returns its reason line.</summary>
    public static async Task<string> ReasonAsync(params (string Key, string Value)[] settings)
    {
        await using var console = new ConsoleProcess(Quiet(settings));
        return await ReasonAsync(console);
    }

    /// <summary>Starts the console, expects exit code 2 and exactly one reason line on stderr, and returns that line.</summary>
    public static async Task<string> ReasonAsync(ConsoleProcess console)
    {
        console.Start();
        var exitCode = await console.WaitForExitAsync(ExitTimeout);

        var stderr = console.StandardError.ToArray();
        var all = string.Join('\n', stderr);
        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr:\n{all}");
        Assert.DoesNotContain(stderr, line => line.StartsWith("   at ", StringComparison.Ordinal));
        // Nor a stack trace folded into a JSON log line on stdout.
        Assert.DoesNotContain(console.StandardOutput, line => line.Contains("   at ", StringComparison.Ordinal));
        var reason = Assert.Single(stderr, line => line.Trim().Length > 0);
        Assert.StartsWith(Prefix, reason, StringComparison.Ordinal);
        return reason;
    }

    /// <summary>These settings with the demo off, so nothing but the setting under test can stop start-up.</summary>
    public static Dictionary<string, string> Quiet(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["Demo:Enabled"] = "false" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return all;
    }
}
