using HmsOps.Core.Alerting.Lint;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Alerting.Lint;

public sealed class RuleLinterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RuleLinterTests()
    {
        Directory.CreateDirectory(_dir.Combine("rules"));
        Directory.CreateDirectory(_dir.Combine("runbooks"));
        File.WriteAllText(_dir.Combine("runbooks", "ach_latency.md"), """
            ---
            title: ACH latency
            alerts: [ACHLatencyHigh]
            services: [ach-svc]
            owner: payments-oncall
            ---
            # ACH latency
            """);
    }

    public void Dispose() => _dir.Dispose();

    private LintReport Lint(string rule)
    {
        File.WriteAllText(_dir.Combine("rules", "fleet.yaml"), $"""
            groups:
              - name: fleet
                rules:
            {rule}
            """);
        return RuleLinter.Lint(_dir.Combine("rules"), _dir.Combine("runbooks"));
    }

    private static string Alert(string annotations, string forLine = "for: 3m", string severity = "critical") => $"""
              - alert: ACHLatencyHigh
                expr: up == 0
                {forLine}
                labels:
                  severity: {severity}
                annotations:
                  {annotations}
        """;

    [Theory]
    [InlineData("runbook: https://runbooks.gov/ops/ach_latency")]
    [InlineData("runbook_url: runbooks/ach_latency.md")]
    [InlineData("runbook: ach_latency")]
    public void A_critical_alert_with_for_and_a_local_runbook_passes(string annotation)
    {
        var report = Lint(Alert(annotation));

        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.Equal((1, 1, 1), (report.RuleFiles, report.AlertingRules, report.Runbooks));
    }

    [Fact]
    public void An_alert_without_a_runbook_annotation_fails_naming_file_group_and_alert()
    {
        var report = Lint(Alert("summary: slow"));

        var finding = Assert.Single(report.Findings);
        Assert.False(report.Passed);
        Assert.Equal("error: rules/fleet.yaml: group \"fleet\": alert \"ACHLatencyHigh\": no runbook: add a runbook or runbook_url annotation",
            finding.ToString());
    }

    [Fact]
    public void A_runbook_that_does_not_exist_fails()
    {
        var report = Lint(Alert("runbook: runbooks/ach_latncy.md"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("runbooks/ach_latncy.md", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_url_with_no_local_runbook_is_only_a_warning()
    {
        var report = Lint(Alert("runbook_url: https://wiki.example.org/ops/payments-down"));

        var finding = Assert.Single(report.Findings);
        Assert.True(report.Passed);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("https://wiki.example.org/ops/payments-down", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_critical_alert_without_for_fails()
    {
        var report = Lint(Alert("runbook: ach_latency", forLine: ""));

        var finding = Assert.Single(report.Findings);
        Assert.False(report.Passed);
        Assert.Contains("severity critical without 'for'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warning_alert_without_for_passes()
    {
        Assert.True(Lint(Alert("runbook: ach_latency", forLine: "", severity: "warning")).Passed);
    }

    [Fact]
    public void An_invalid_rule_file_fails_with_the_parser_message()
    {
        var report = Lint("      - alert: Broken\n        expr: rate(up[5m]\n        annotations:\n          runbook: ach_latency");

        var finding = Assert.Single(report.Findings);
        Assert.False(report.Passed);
        Assert.Equal("rules/fleet.yaml", finding.File);
        Assert.Contains("expr", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_runbook_fails()
    {
        File.WriteAllText(_dir.Combine("runbooks", "broken.md"), "# no front matter");

        var report = Lint(Alert("runbook: ach_latency"));

        var finding = Assert.Single(report.Findings);
        Assert.False(report.Passed);
        Assert.Contains("broken.md", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rules_folder_fails_rather_than_passing_with_nothing_checked()
    {
        var report = RuleLinter.Lint(_dir.Combine("nope"), _dir.Combine("runbooks"));

        Assert.False(report.Passed);
        Assert.Contains(report.Findings, f => f.Message.Contains("does not exist", StringComparison.Ordinal));
    }
}
