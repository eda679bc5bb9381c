using System.CommandLine;
using HmsOps.Core.Alerting.Lint;

namespace HmsOps.Cli.Commands;

/// <summary>
/// <c>hms-ops lint</c>: checks rule files and runbooks offline (no console needed) and exits 1 with one line per problem
/// when an alert would leave on-call without help; see <see cref="RuleLinter"/> for the checks.
/// </summary>
public static class LintCommand
{
    public static Command Create()
    {
        var rules = new Option<DirectoryInfo>("--rules")
        {
            Description = "Folder of Prometheus rule files (*.yaml, *.yml)",
            DefaultValueFactory = _ => new DirectoryInfo("rules"),
        };
        var runbooks = new Option<DirectoryInfo>("--runbooks")
        {
            Description = "Folder of Markdown runbooks",
            DefaultValueFactory = _ => new DirectoryInfo("runbooks"),
        };
        var command = new Command("lint",
            "Check alert rules and runbooks: every alert has a runbook that exists, every critical alert has 'for'. Exit 1 on any error")
        {
            rules,
            runbooks,
        };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var report = RuleLinter.Lint(result.GetValue(rules)!.FullName, result.GetValue(runbooks)!.FullName);
            foreach (var finding in report.Findings.OrderBy(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal))
            {
                output.WriteLine(finding.ToString());
            }
            var counts = $"{report.RuleFiles} rule files, {report.AlertingRules} alerting rules, {report.Runbooks} runbooks";
            output.WriteLine(report.Passed
                ? $"lint passed: {counts}; {report.Warnings} warnings"
                : $"lint failed: {report.Errors} errors, {report.Warnings} warnings in {counts}");
            return report.Passed ? ExitCodes.Ok : ExitCodes.LintFailed;
        });
        return command;
    }
}
