using Bunit;
using HmsOps.Console.Components.Pages;

namespace HmsOps.Components.Tests.Alerting;

public sealed class RunbookPagesTests : AlertsTestBase
{
    public RunbookPagesTests() => RenderInteractively();

    [Fact]
    public void The_runbook_page_renders_markdown_with_heading_anchors_and_links_that_stay_on_the_page()
    {
        var page = Ctx.Render<RunbookPage>(p => p.Add(r => r.Name, "ach_latency"));

        Assert.Equal("ACH payment latency high", page.Find("h1").TextContent.Trim());
        Assert.NotNull(page.Find(".markdown-body h2#roll-back"));
        Assert.Equal("runbooks/ach_latency#roll-back", page.Find(".markdown-body a").GetAttribute("href"));
        Assert.Contains("payments-oncall", page.Find(".runbook-meta").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_runbook_name_says_so()
    {
        var page = Ctx.Render<RunbookPage>(p => p.Add(r => r.Name, "nope"));

        Assert.Contains("No runbook named 'nope'", page.Find("[role='alert']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_searches_from_the_url()
    {
        Navigation.NavigateTo("runbooks?q=payments-oncall");
        var found = Ctx.Render<Runbooks>();
        Assert.Equal(["ACH payment latency high"], found.FindAll("tbody a").Select(a => a.TextContent.Trim()));
        Assert.Equal("runbooks/ach_latency", found.Find("tbody a").GetAttribute("href"));

        Navigation.NavigateTo("runbooks?q=kubernetes");
        var none = Ctx.Render<Runbooks>();
        Assert.Empty(none.FindAll("tbody a"));
        Assert.Contains("No runbook mentions", none.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_runbook_shows_on_the_open_page_without_reload()
    {
        var page = Ctx.Render<RunbookPage>(p => p.Add(r => r.Name, "ach_latency"));
        var path = Path.Combine(Library.Folder, "ach_latency.md");

        File.WriteAllText(path, File.ReadAllText(path).Replace("title: ACH payment latency high", "title: ACH latency (edited)", StringComparison.Ordinal));
        Library.Reload();

        page.WaitForAssertion(() => Assert.Equal("ACH latency (edited)", page.Find("h1").TextContent.Trim()));
    }
}
