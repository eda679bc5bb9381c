namespace HmsOps.Integration.Tests.Cli;

/// <summary><c>hms-ops lint</c> as a process: its exit code and one line per problem.</summary>
public sealed class LintCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hmsops-lint-" + Guid.NewGuid().ToString("N"));

    public LintCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "rules"));
        Directory.CreateDirectory(Path.Combine(_dir, "runbooks"));
        File.WriteAllText(Path.Combine(_dir, "runbooks", "ach_latency.md"),
            "---\ntitle: ACH latency\nalerts: [ACHLatencyHigh]\nservices: [ach-svc]\nowner: payments\n---\n# ACH latency\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliRunner.Result> LintAsync(string rules)
    {
        File.WriteAllText(Path.Combine(_dir, "rules", "fleet.yaml"), "groups:\n  - name: fleet\n    rules:\n" + rules);
        return CliRunner.RunAsync("lint", "--rules", Path.Combine(_dir, "rules"), "--runbooks", Path.Combine(_dir, "runbooks"));
    }

    [Fact]
    public async Task Rules_with_runbooks_that_exist_pass_with_a_summary()
    {
        var result = await LintAsync("""
                  - alert: ACHLatencyHigh
                    expr: up == 0
                    for: 3m
                    labels: {severity: critical}
                    annotations: {runbook: "https://runbooks.gov/ops/ach_latency"}
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lint passed: 1 rule files, 1 alerting rules, 1 runbooks", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_problem_is_one_line_and_the_exit_code_is_1()
    {
        var result = await LintAsync("""
                  - alert: NoRunbook
                    expr: up == 0
                    for: 1m
                  - alert: MissingRunbook
                    expr: up == 0
                    for: 1m
                    annotations: {runbook: runbooks/nope.md}
                  - alert: CriticalWithoutFor
                    expr: up == 0
                    labels: {severity: critical}
                    annotations: {runbook_url: ach_latency}
            """);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("error: rules/fleet.yaml: group \"fleet\": alert \"NoRunbook\": no runbook: add a runbook or runbook_url annotation", lines);
        Assert.Single(lines, l => l.StartsWith("error: rules/fleet.yaml: group \"fleet\": alert \"MissingRunbook\": runbook 'runbooks/nope.md'", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("error: rules/fleet.yaml: group \"fleet\": alert \"CriticalWithoutFor\": severity critical without 'for'", StringComparison.Ordinal));
        Assert.Contains("lint failed: 3 errors, 0 warnings", result.Output, StringComparison.Ordinal);
    }
}
