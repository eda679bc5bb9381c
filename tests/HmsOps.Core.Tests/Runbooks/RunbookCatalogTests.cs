using HmsOps.Core.Runbooks;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Runbooks;

public sealed class RunbookCatalogTests
{
    private static Runbook Book(string relativePath) =>
        RunbookParser.Parse(relativePath, $"---\ntitle: {relativePath}\nowner: ops\nalerts: [A]\n---\nbody\n");

    private static readonly RunbookCatalog Catalog = new([Book("ach_latency.md"), Book("db/failover.md")], []);

    [Theory]
    [InlineData("https://runbooks.gov/ops/ach_latency", "ach_latency.md", null)]
    [InlineData("https://runbooks.gov/ops/ach_latency/", "ach_latency.md", null)]
    [InlineData("http://wiki.local/runbooks/ach_latency.md#roll-back", "ach_latency.md", "roll-back")]
    [InlineData("ach_latency", "ach_latency.md", null)]
    [InlineData("ACH_Latency.md", "ach_latency.md", null)]
    [InlineData("runbooks/ach_latency.md", "ach_latency.md", null)]
    [InlineData("./runbooks/ach_latency.md#escalate", "ach_latency.md", "escalate")]
    [InlineData("/runbooks/db/failover.md", "db/failover.md", null)]
    [InlineData("db/failover", "db/failover.md", null)]
    [InlineData("failover", "db/failover.md", null)]
    public void Annotations_resolve_to_a_local_runbook(string annotation, string expectedPath, string? expectedAnchor)
    {
        var local = Assert.IsType<RunbookResolution.Local>(Catalog.Resolve(annotation));

        Assert.Equal(expectedPath, local.Runbook.RelativePath);
        Assert.Equal(expectedAnchor, local.Anchor);
    }

    [Fact]
    public void An_http_url_with_no_local_match_stays_external()
    {
        var external = Assert.IsType<RunbookResolution.External>(Catalog.Resolve("https://wiki.example.org/ops/dns_outage"));

        Assert.Equal("https://wiki.example.org/ops/dns_outage", external.Url.ToString());
    }

    [Theory]
    [InlineData(null, "no runbook annotation")]
    [InlineData("  ", "no runbook annotation")]
    [InlineData("dns_outage", "no runbook 'dns_outage' in runbooks/")]
    [InlineData("other/ach_latency.md", "no runbook 'other/ach_latency.md'")]
    [InlineData("javascript:alert(1)", "not http or https")]
    public void Unresolvable_annotations_are_missing_with_a_reason(string? annotation, string reason)
    {
        var missing = Assert.IsType<RunbookResolution.Missing>(Catalog.Resolve(annotation));

        Assert.Contains(reason, missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_folder_keeps_good_files_and_reports_bad_ones()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("runbooks");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "README.md"), "# not a runbook");
        File.WriteAllText(Path.Combine(folder, "good.md"), "---\ntitle: Good\nowner: ops\nalerts: [A]\n---\nbody");
        File.WriteAllText(Path.Combine(folder, "sub", "bad.md"), "---\ntitle: Bad\nalerts: [A]\n---\n");
        File.WriteAllText(Path.Combine(folder, "sub", "good.md"), "---\ntitle: Twin\nowner: ops\nalerts: [A]\n---\n");
        File.WriteAllText(Path.Combine(folder, "big.md"), "---\ntitle: Big\nowner: ops\nalerts: [A]\n---\n" + new string('x', 2000));

        var catalog = RunbookCatalog.Load(folder, new RunbookCatalogOptions { MaxFileBytes = 1000 });

        Assert.Equal(["good.md"], catalog.Runbooks.Select(r => r.RelativePath));
        Assert.Equal(3, catalog.Errors.Count);
        Assert.Contains(catalog.Errors, e => e.StartsWith("big.md: file: ", StringComparison.Ordinal) && e.Contains("MaxFileBytes", StringComparison.Ordinal));
        Assert.Contains("sub/bad.md: owner: is required", catalog.Errors);
        Assert.Contains(catalog.Errors, e => e.StartsWith("sub/good.md: name: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_stops_at_the_file_limit_and_says_so()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "a", "b", "c" })
        {
            File.WriteAllText(dir.Combine(name + ".md"), $"---\ntitle: {name}\nowner: ops\nalerts: [A]\n---\n");
        }

        var catalog = RunbookCatalog.Load(dir.Path, new RunbookCatalogOptions { MaxFiles = 2 });

        Assert.Equal(["a.md", "b.md"], catalog.Runbooks.Select(r => r.RelativePath));
        Assert.Contains(catalog.Errors, e => e.Contains("MaxFiles", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_is_an_error_not_an_exception()
    {
        var catalog = RunbookCatalog.Load("/nonexistent/hmsops-runbooks", new RunbookCatalogOptions());

        Assert.Empty(catalog.Runbooks);
        Assert.Contains("does not exist", Assert.Single(catalog.Errors), StringComparison.Ordinal);
    }
}
