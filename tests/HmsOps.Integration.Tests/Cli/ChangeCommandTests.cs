using System.Text.RegularExpressions;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Cli;

/// <summary><c>hms-ops rollback|approve|reject|status|changes|audit verify</c> as a process against a running console.</summary>
public sealed partial class ChangeCommandTests
{
    private const int Forbidden = 7;
    private const int Conflict = 8;
    private const int NotFound = 11;
    private const int Unreachable = 6;

    [Fact]
    public async Task The_seed_one_liner_is_approved_by_a_second_lead_and_executes_once()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:RolloutDuration"] = "00:00:01" });
        await console.StartAndWaitUntilReadyAsync();
        var lead1 = console.LeadToken!;
        var lead2 = await console.CreateTokenAsync(TestUsers.Lead2);
        var engineer = await console.CreateTokenAsync(TestUsers.Engineer);

        var requested = await Run(console, lead2, "rollback", "ach@v1.8.2");
        Assert.True(requested.ExitCode == 0, requested.Error);
        Assert.Contains("v1.9.0 → v1.8.2", requested.Output, StringComparison.Ordinal);
        var id = ChangeId().Match(requested.Output).Value;

        var self = await Run(console, lead2, "approve", id);
        Assert.Equal(Forbidden, self.ExitCode);
        Assert.Contains("403", self.Error, StringComparison.Ordinal);

        var second = await Run(console, engineer, "rollback", "ach-svc@v1.8.0", "--reason", "also");
        Assert.Equal(Conflict, second.ExitCode);
        Assert.Contains(id, second.Error, StringComparison.Ordinal);

        var unknown = await Run(console, engineer, "rollback", "nosuch@v1");
        Assert.Equal(NotFound, unknown.ExitCode);

        var approved = await Run(console, lead1, "approve", id);
        Assert.True(approved.ExitCode == 0, approved.Error);
        Assert.Contains("approved by lead1", approved.Output, StringComparison.Ordinal);

        var status = await Run(console, lead1, "status", id, "--wait", "--timeout", "60");
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains("succeeded", status.Output, StringComparison.Ordinal);

        var again = await Run(console, lead1, "approve", id);
        Assert.Equal(Conflict, again.ExitCode);

        // Now v1.8.2 runs; "prev" is the version before it in the history.
        var previous = await Run(console, engineer, "rollback", "ach@prev", "--reason", "undo");
        Assert.True(previous.ExitCode == 0, previous.Error);
        Assert.Contains("v1.8.2 → v1.9.0", previous.Output, StringComparison.Ordinal);

        var list = await Run(console, engineer, "changes", "--service", "ach-svc");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Output, StringComparison.Ordinal);

        var audit = await Run(console, lead1, "audit", "verify");
        Assert.True(audit.ExitCode == 0, audit.Error);
        Assert.Contains("intact", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_console_that_does_not_answer_gets_the_unreachable_code()
    {
        var result = await CliRunner.RunAsync("changes", "--url", $"http://127.0.0.1:{ConsoleProcess.FreePort()}", "--token", "hmsops_pat_x");

        Assert.Equal(Unreachable, result.ExitCode);
        Assert.Contains("cannot reach the console", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliRunner.Result> Run(ConsoleProcess console, string token, params string[] args) =>
        CliRunner.RunAsync([.. args, "--url", console.BaseUrl, "--token", token]);

    [GeneratedRegex("chg-[0-9a-f]{12}")]
    private static partial Regex ChangeId();
}
