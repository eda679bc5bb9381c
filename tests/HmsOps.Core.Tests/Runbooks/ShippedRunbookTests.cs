using HmsOps.Core.Runbooks;

namespace HmsOps.Core.Tests.Runbooks;

/// <summary>The runbooks shipped in the repository's runbooks/ folder load cleanly and answer the seed's alert.</summary>
public sealed class ShippedRunbookTests
{
    private static string RunbooksFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsOps.Console.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "runbooks");
    }

    [Fact]
    public void Shipped_runbooks_load_without_errors()
    {
        var catalog = RunbookCatalog.Load(RunbooksFolder(), new RunbookCatalogOptions());

        Assert.Empty(catalog.Errors);
        Assert.NotEmpty(catalog.Runbooks);
    }

    [Fact]
    public void The_seed_annotation_resolves_to_the_ach_latency_runbook()
    {
        var catalog = RunbookCatalog.Load(RunbooksFolder(), new RunbookCatalogOptions());

        var local = Assert.IsType<RunbookResolution.Local>(catalog.Resolve("https://runbooks.gov/ops/ach_latency"));

        Assert.Equal("ach_latency.md", local.Runbook.RelativePath);
        Assert.Equal(["ACHLatencyHigh"], local.Runbook.Alerts);
        Assert.Equal(["ach-svc"], local.Runbook.Services);
        var html = local.Runbook.ToHtml();
        Assert.Contains("id=\"do-not-lose-or-double-a-payment\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#do-not-lose-or-double-a-payment\"", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\"", html, StringComparison.Ordinal);
    }
}
