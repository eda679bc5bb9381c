using System.Diagnostics;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>Holds the loader to the real <c>promtool check rules</c>: shipped files pass both, broken files fail both.</summary>
public sealed class PromtoolCheckRulesTests
{
    private const string Promtool = "/usr/bin/promtool";
    private const string Header = "groups:\n  - name: demo\n    rules:\n";

    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ConsoleProcess.RepositoryRoot, "rules"))
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public async Task Shipped_rule_file_passes_promtool_and_the_loader(string name)
    {
        var path = Path.Combine(ConsoleProcess.RepositoryRoot, "rules", name);

        var (exitCode, output) = await RunPromtoolAsync(path);
        var loaded = RuleDirectoryLoader.LoadFile(path, $"rules/{name}", new AlertingRulesOptions());

        Assert.True(exitCode == 0, output);
        Assert.True(loaded.IsOk, string.Join("\n", loaded.Errors));
        Assert.NotEmpty(loaded.Groups.SelectMany(g => g.Rules));
    }

    public static TheoryData<string, string> InvalidFiles => new()
    {
        { Header + "      - alert: A\n        expr: up\n        for: 3 minutes\n", "for: not a valid duration" },
        { "groups:\n  - name: demo\n    rules: []\n  - name: demo\n    rules: []\n", "name: repeated in the same file" },
        { Header + "      - alert: A\n        expr: sum(rate(x[5m])\n", "expr: " },
        { Header + "      - record: r\n        expr: up\n        for: 5m\n", "for: only allowed on alerting rules" },
        { Header + "      - alert: A\n        expr: up\n        severity: critical\n", "field severity not found" },
        { Header + "      - alert: A\n        expr: up\n        labels:\n          __name__: x\n", "invalid label name \"__name__\"" },
        { Header + "      - record: 1bad-name\n        expr: up\n", "record: invalid metric name" },
        { Header + "      - alert: A\n        record: b\n        expr: up\n", "only one of record and alert" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Invalid_rule_file_is_rejected_by_promtool_and_the_loader(string yaml, string expectedError)
    {
        var dir = Directory.CreateTempSubdirectory("promtool-rules-");
        try
        {
            var path = Path.Combine(dir.FullName, "bad.yaml");
            await File.WriteAllTextAsync(path, yaml);

            var (exitCode, output) = await RunPromtoolAsync(path);
            var loaded = RuleDirectoryLoader.LoadFile(path, "rules/bad.yaml", new AlertingRulesOptions());

            Assert.True(exitCode != 0, $"promtool accepted it: {output}");
            Assert.False(loaded.IsOk);
            Assert.Empty(loaded.Groups);
            Assert.Contains(loaded.Errors, e => e.Contains(expectedError, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string path)
    {
        var start = new ProcessStartInfo(Promtool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("rules");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
