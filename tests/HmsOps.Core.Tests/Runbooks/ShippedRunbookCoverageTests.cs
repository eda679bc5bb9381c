using System.Text.RegularExpressions;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Runbooks;

namespace HmsOps.Core.Tests.Runbooks;

/// <summary>Every shipped alert leads to a shipped runbook written for it, and the runbooks' own links land.</summary>
public sealed partial class ShippedRunbookCoverageTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsOps.Console.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return dir.FullName;
    }

    private static RunbookCatalog Catalog() =>
        RunbookCatalog.Load(Path.Combine(RepositoryRoot(), "runbooks"), new RunbookCatalogOptions());

    public static TheoryData<string, string> ShippedAlerts()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in RuleDirectoryLoader.Load(Path.Combine(RepositoryRoot(), "rules"), new AlertingRulesOptions()))
        {
            Assert.True(file.IsOk, string.Join("; ", file.Errors));
            foreach (var rule in file.Groups.SelectMany(g => g.Rules).OfType<AlertingRule>())
            {
                var annotation = rule.Annotations.GetValueOrDefault("runbook") ?? rule.Annotations.GetValueOrDefault("runbook_url") ?? "";
                data.Add(rule.Name, annotation);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedAlerts))]
    public void Every_shipped_alert_resolves_to_a_local_runbook_that_names_it(string alert, string annotation)
    {
        var local = Assert.IsType<RunbookResolution.Local>(Catalog().Resolve(annotation));

        Assert.Contains(alert, local.Runbook.Alerts);
    }

    [Fact]
    public void The_security_event_alert_has_a_runbook_owned_by_the_soc()
    {
        var local = Assert.IsType<RunbookResolution.Local>(Catalog().Resolve("security_event"));

        Assert.Equal(["SecurityEvent"], local.Runbook.Alerts);
        Assert.Equal("soc", local.Runbook.Owner);
    }

    [Fact]
    public void Every_section_link_in_a_shipped_runbook_points_at_an_existing_heading()
    {
        var catalog = Catalog();
        foreach (var runbook in catalog.Runbooks)
        {
            foreach (Match link in RunbookLink().Matches(runbook.ToHtml()))
            {
                var target = link.Groups["file"].Success ? catalog.FindByPath(link.Groups["file"].Value) : runbook;
                Assert.True(target is not null, $"{runbook.RelativePath}: link to missing {link.Value}");
                if (link.Groups["anchor"].Success)
                {
                    Assert.True(target.ToHtml().Contains($"id=\"{link.Groups["anchor"].Value}\"", StringComparison.Ordinal),
                        $"{runbook.RelativePath}: {link.Value} has no such heading");
                }
            }
        }
    }

    [GeneratedRegex("href=\"(?<file>[a-z0-9_]+\\.md)?(?:#(?<anchor>[^\"]+))?\"")]
    private static partial Regex RunbookLink();
}
