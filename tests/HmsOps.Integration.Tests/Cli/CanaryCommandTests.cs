using System.Text.Json;
using System.Text.RegularExpressions;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Cli;

/// <summary>
/// <c>hms-ops canary start|promote|abort</c>, <c>approve</c> and <c>status --wait</c> as processes against a console
/// running the demo fleet, with short canary pauses: an engineer starts, a lead approves, the steps advance, a promote or
/// abort is asked for and approved by a second person, and each refusal has its exit code.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed partial class CanaryCommandTests
{
    private const int Forbidden = 7;
    private const int Conflict = 8;
    private const int Expired = 9;
    private const int EndedOtherwise = 13;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_canary_steps_forward_and_is_promoted_and_another_is_aborted_each_with_a_second_persons_approval()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:RolloutDuration"] = "00:00:01",
            ["Metrics:SampleResolution"] = "00:00:01",
            ["Changes:CanarySteps:0"] = "10",
            ["Changes:CanarySteps:1"] = "50",
            ["Changes:CanarySteps:2"] = "100",
            // Long enough to ask for the promote between step 2 and its analysis; the analysis itself retries quickly.
            ["Changes:CanaryStepPause"] = "00:00:08",
            ["Changes:AnalysisWindow"] = "00:00:15",
            ["Changes:AnalysisRetry"] = "00:00:01",
            ["Changes:MaxInconclusiveAnalyses"] = "60",
            ["Changes:Tick"] = "00:00:00.500",
            // This test is about the commands, not the verdict: random demo errors on a thin canary must not abort it.
            ["Changes:MaxErrorRateIncrease"] = "0.9",
            ["Changes:MaxP95Ratio"] = "1000",
            ["Changes:MinRequestRate"] = "0.01",
        });
        await console.StartAndWaitUntilReadyAsync();
        var lead1 = console.LeadToken!;
        var lead2 = await console.CreateTokenAsync(TestUsers.Lead2);
        var engineer = await console.CreateTokenAsync(TestUsers.Engineer);
        using var api = console.CreateClient();

        // Promote: the engineer starts it, lead1 approves, it reaches step 2, the engineer asks to promote, lead2 approves.
        var started = await Run(console, engineer, "canary", "start", "ach-svc", "--version", "v1.9.1");
        Assert.True(started.ExitCode == 0, started.Error);
        var id = ChangeId().Match(started.Output).Value;
        Assert.Contains("canary ach-svc v1.9.0 → v1.9.1", started.Output, StringComparison.Ordinal);

        var approved = await Run(console, lead1, "approve", id);
        Assert.True(approved.ExitCode == 0, approved.Error);

        await UntilAsync(api, id, c => c.GetProperty("state").GetString() == "canary" && c.GetProperty("canary").GetProperty("weightPercent").GetInt32() == 50);

        var meanwhile = await Run(console, engineer, "rollback", "ach@v1.8.2", "--reason", "while the canary runs");
        Assert.Equal(Conflict, meanwhile.ExitCode);
        Assert.Contains(id, meanwhile.Error, StringComparison.Ordinal);

        var asked = await Run(console, engineer, "canary", "promote", "ach", "--reason", "clean at 50 %");
        Assert.True(asked.ExitCode == 0, asked.Error);
        var askedTwice = await Run(console, lead2, "canary", "promote", "ach-svc", "--reason", "me too");
        Assert.Equal(Conflict, askedTwice.ExitCode);

        var promoted = await Run(console, lead2, "approve", id);
        Assert.True(promoted.ExitCode == 0, promoted.Error);
        var done = await Run(console, lead1, "status", id, "--wait", "--timeout", "60");
        Assert.True(done.ExitCode == 0, done.Output + done.Error);
        Assert.Contains($"{id} promoted", done.Output, StringComparison.Ordinal);
        Assert.Equal("v1.9.1", await VersionAsync(api, "ach-svc"));

        // Abort: lead2 asks, cannot approve their own ask (7), lead1 approves; the stable version serves everything again.
        var second = await Run(console, engineer, "canary", "start", "claims", "--version", "v3.2.0");
        Assert.True(second.ExitCode == 0, second.Error);
        var abortId = ChangeId().Match(second.Output).Value;
        Assert.Equal(0, (await Run(console, lead1, "approve", abortId)).ExitCode);
        await UntilAsync(api, abortId, c => c.GetProperty("state").GetString() == "canary");

        var abortAsked = await Run(console, lead2, "canary", "abort", "claims-api", "--reason", "p95 up on v3.2.0");
        Assert.True(abortAsked.ExitCode == 0, abortAsked.Error);
        var self = await Run(console, lead2, "approve", abortId);
        Assert.Equal(Forbidden, self.ExitCode);
        Assert.Contains("cannot approve it", self.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await Run(console, lead1, "approve", abortId)).ExitCode);
        var aborted = await Run(console, lead1, "status", abortId, "--wait", "--timeout", "60");
        Assert.Equal(EndedOtherwise, aborted.ExitCode);
        Assert.Contains($"{abortId} aborted", aborted.Output, StringComparison.Ordinal);
        Assert.Equal("v3.1.0", await VersionAsync(api, "claims-api"));
        var noCanary = await Run(console, engineer, "canary", "promote", "claims-api", "--reason", "too late");
        Assert.Equal(11, noCanary.ExitCode);
    }

    [Fact]
    public async Task A_request_nobody_approved_in_time_is_refused_as_expired()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Changes:ApprovalTtl"] = "00:00:01",
            ["Changes:Tick"] = "00:00:00.200",
        });
        await console.StartAndWaitUntilReadyAsync();
        var engineer = await console.CreateTokenAsync(TestUsers.Engineer);
        using var api = console.CreateClient();

        var requested = await Run(console, engineer, "rollback", "ach@v1.8.2");
        Assert.True(requested.ExitCode == 0, requested.Error);
        var id = ChangeId().Match(requested.Output).Value;
        await UntilAsync(api, id, c => c.GetProperty("state").GetString() == "expired");

        var late = await Run(console, console.LeadToken!, "approve", id);
        Assert.Equal(Expired, late.ExitCode);
        Assert.Contains("410", late.Error, StringComparison.Ordinal);
        Assert.Contains("expired", late.Error, StringComparison.Ordinal);
        Assert.Equal(EndedOtherwise, (await Run(console, console.LeadToken!, "status", id)).ExitCode);
    }

    private static Task<CliRunner.Result> Run(ConsoleProcess console, string token, params string[] args) =>
        CliRunner.RunAsync([.. args, "--url", console.BaseUrl, "--token", token]);

    private static Task UntilAsync(HttpClient api, string id, Func<JsonElement, bool> condition) =>
        Poll.UntilAsync(() => api.GetStringAsync($"/api/changes/{id}"), body =>
        {
            using var change = JsonDocument.Parse(body);
            return condition(change.RootElement);
        }, $"change {id}", Deadline);

    private static async Task<string?> VersionAsync(HttpClient api, string service)
    {
        using var body = JsonDocument.Parse(await api.GetStringAsync("/api/deployments"));
        return body.RootElement.GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == service).GetProperty("version").GetString();
    }

    [GeneratedRegex("chg-[0-9a-f]{12}")]
    private static partial Regex ChangeId();
}
