using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Runbooks;

namespace HmsOps.Core.Alerting.Lint;

public enum LintSeverity
{
    /// <summary>Fails <c>hms-ops lint</c>.</summary>
    Error,

    /// <summary>Reported, but does not fail the lint.</summary>
    Warning,
}

/// <summary>One problem, naming where it is: file, and group and rule when it is about one.</summary>
public sealed record LintFinding(LintSeverity Severity, string File, string? Group, string? Rule, string Message)
{
    public override string ToString()
    {
        var where = File;
        if (Group is not null)
        {
            where += $": group \"{Group}\"";
        }
        if (Rule is not null)
        {
            where += $": alert \"{Rule}\"";
        }
        return $"{(Severity == LintSeverity.Error ? "error" : "warning")}: {where}: {Message}";
    }
}

/// <summary>What was checked and what was found.</summary>
public sealed record LintReport(int RuleFiles, int AlertingRules, int Runbooks, IReadOnlyList<LintFinding> Findings)
{
    public int Errors => Findings.Count(f => f.Severity == LintSeverity.Error);

    public int Warnings => Findings.Count(f => f.Severity == LintSeverity.Warning);

    public bool Passed => Errors == 0;
}

/// <summary>
/// The checks behind <c>hms-ops lint</c>: the pitfalls that leave on-call without help at 3 a.m.
/// Errors: a rule file or runbook that does not load; an alerting rule with no <c>runbook</c>/<c>runbook_url</c>
/// annotation; one whose runbook resolves to nothing (<see cref="RunbookCatalog.Resolve"/> says Missing); a
/// <c>severity="critical"</c> alert without <c>for</c>, which pages on a single bad evaluation.
/// Warning: a runbook that is an http(s) URL with no local runbook of that name. It may well exist on a wiki the
/// lint cannot reach (the console opens it in a new tab), so it cannot be called missing, but nobody checked it.
/// </summary>
public static class RuleLinter
{
    public static readonly string[] RunbookAnnotations = ["runbook", "runbook_url"];

    public static LintReport Lint(string rulesFolder, string runbooksFolder, AlertingRulesOptions? rulesOptions = null,
        RunbookCatalogOptions? runbookOptions = null)
    {
        var findings = new List<LintFinding>();
        var rulesName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(rulesFolder)));
        IReadOnlyList<RuleFileResult> files = [];
        if (!Directory.Exists(rulesFolder))
        {
            findings.Add(new LintFinding(LintSeverity.Error, rulesFolder, null, null, "rules folder does not exist"));
        }
        else
        {
            files = RuleDirectoryLoader.Load(rulesFolder, rulesOptions ?? new AlertingRulesOptions());
            if (files.Count == 0)
            {
                findings.Add(new LintFinding(LintSeverity.Error, rulesName, null, null, "no rule files (*.yaml, *.yml)"));
            }
        }
        // Load reports a missing folder as one of its errors.
        var catalog = RunbookCatalog.Load(runbooksFolder, runbookOptions ?? new RunbookCatalogOptions());
        var report = Lint(files, catalog);
        return report with { Findings = [.. findings, .. report.Findings] };
    }

    public static LintReport Lint(IReadOnlyList<RuleFileResult> files, RunbookCatalog catalog)
    {
        var findings = new List<LintFinding>();
        foreach (var error in catalog.Errors)
        {
            findings.Add(new LintFinding(LintSeverity.Error, $"{catalog.FolderName}/", null, null, error));
        }
        var alertingRules = 0;
        foreach (var file in files)
        {
            foreach (var error in file.Errors)
            {
                // The parser's messages already start with the file and name group and rule.
                findings.Add(new LintFinding(LintSeverity.Error, file.File, null, null,
                    error.StartsWith(file.File + ": ", StringComparison.Ordinal) ? error[(file.File.Length + 2)..] : error));
            }
            foreach (var group in file.Groups)
            {
                foreach (var rule in group.Rules.OfType<Rules.AlertingRule>())
                {
                    alertingRules++;
                    findings.AddRange(Check(file.File, group.Name, rule, catalog));
                }
            }
        }
        return new LintReport(files.Count, alertingRules, catalog.Runbooks.Count, findings);
    }

    private static IEnumerable<LintFinding> Check(string file, string group, Rules.AlertingRule rule, RunbookCatalog catalog)
    {
        LintFinding Finding(LintSeverity severity, string message) => new(severity, file, group, rule.Name, message);

        var links = RunbookAnnotations
            .Where(name => rule.Annotations.ContainsKey(name))
            .Select(name => (Name: name, Value: rule.Annotations[name]))
            .ToList();
        if (links.Count == 0)
        {
            yield return Finding(LintSeverity.Error, "no runbook: add a runbook or runbook_url annotation");
        }
        foreach (var (name, value) in links)
        {
            switch (catalog.Resolve(value))
            {
                case RunbookResolution.Missing missing:
                    yield return Finding(LintSeverity.Error, $"{name} '{value}' does not resolve: {missing.Reason}");
                    break;
                case RunbookResolution.External external:
                    yield return Finding(LintSeverity.Warning,
                        $"{name} '{external.Url}' is an external link with no local runbook of that name; it is not checked");
                    break;
            }
        }
        if (rule.Labels.TryGetValue("severity", out var severity)
            && string.Equals(severity, "critical", StringComparison.OrdinalIgnoreCase)
            && rule.For <= TimeSpan.Zero)
        {
            yield return Finding(LintSeverity.Error, "severity critical without 'for': one bad evaluation would page someone");
        }
    }
}
