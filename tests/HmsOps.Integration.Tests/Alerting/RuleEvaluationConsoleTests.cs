using System.Text.Json.Nodes;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>The evaluator inside a running console: rule files reload on change, and alert state survives a crash.</summary>
public sealed class RuleEvaluationConsoleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hmsops-rule-eval-").FullName;

    private string RulesFolder => Path.Combine(_directory, "rules");

    private static string AlertFile(string name, string expr = "vector(1)") => $"""
        groups:
          - name: g
            interval: 1s
            rules:
              - alert: {name}
                expr: {expr}
                labels:
                  severity: warning
        """;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ConsoleProcess NewConsole(string dataPath) => new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Alerting:Rules:Directory"] = RulesFolder,
        ["Alerting:RulesReloadDebounce"] = "00:00:00.200",
    }, dataPath);

    [Fact]
    public async Task Edited_rule_file_reloads_and_an_invalid_edit_keeps_the_previous_version_and_is_logged()
    {
        Directory.CreateDirectory(RulesFolder);
        var file = Path.Combine(RulesFolder, "team.yaml");
        await File.WriteAllTextAsync(file, AlertFile("First"));
        await using var console = NewConsole(Path.Combine(_directory, "data"));
        await console.StartAndWaitUntilReadyAsync();
        await Poll.UntilAsync(() => RuleNamesAsync(console), names => names.SequenceEqual(["First"]), "the first version loaded");

        await File.WriteAllTextAsync(file, AlertFile("Second"));
        await Poll.UntilAsync(() => RuleNamesAsync(console), names => names.SequenceEqual(["Second"]), "the edited version loaded");

        await File.WriteAllTextAsync(file, AlertFile("Third").Replace("interval: 1s", "interval: soon", StringComparison.Ordinal));
        await Poll.UntilAsync(() => Task.FromResult(console.StandardOutput.ToArray()),
            lines => lines.Any(l => l.Contains("team.yaml", StringComparison.Ordinal) && l.Contains("previous version stays in force", StringComparison.Ordinal)
                && l.Contains("interval: not a valid duration", StringComparison.Ordinal)),
            "a warning naming the invalid file and its error");
        Assert.Equal(["Second"], await RuleNamesAsync(console));
        await Poll.UntilAsync(() => FiringAsync(console), alerts => alerts.Any(a => (string?)a["labels"]!["alertname"] == "Second"),
            "the previous version still evaluated");
    }

    [Fact]
    public async Task Firing_alert_stays_firing_with_its_original_active_at_after_a_crash()
    {
        Directory.CreateDirectory(RulesFolder);
        await File.WriteAllTextAsync(Path.Combine(RulesFolder, "team.yaml"), AlertFile("Survivor"));
        var dataPath = Path.Combine(_directory, "data");
        string activeAt;
        await using (var first = NewConsole(dataPath))
        {
            await first.StartAndWaitUntilReadyAsync();
            var alerts = await Poll.UntilAsync(() => FiringAsync(first), a => a.Count == 1, "the alert firing");
            activeAt = (string)alerts[0]["activeAt"]!;
            await first.KillHardAsync();
        }

        await using var second = NewConsole(dataPath);
        await second.StartAndWaitUntilReadyAsync();
        var after = await Poll.UntilAsync(() => FiringAsync(second), a => a.Count == 1, "the alert firing after the restart");

        Assert.Equal(activeAt, (string)after[0]["activeAt"]!);
    }

    private static async Task<string[]> RuleNamesAsync(ConsoleProcess console)
    {
        using var client = console.CreateClient(withApiKey: false);
        var body = JsonNode.Parse(await client.GetStringAsync("/api/v1/rules"))!;
        return body["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["name"]!).ToArray();
    }

    private static async Task<IReadOnlyList<JsonNode>> FiringAsync(ConsoleProcess console)
    {
        using var client = console.CreateClient(withApiKey: false);
        var body = JsonNode.Parse(await client.GetStringAsync("/api/v1/alerts"))!;
        return body["data"]!["alerts"]!.AsArray().Where(a => (string?)a!["state"] == "firing").Select(a => a!).ToArray();
    }
}
