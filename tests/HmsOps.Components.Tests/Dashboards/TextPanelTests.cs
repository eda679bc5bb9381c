using Bunit;
using HmsOps.Console.Components.Pages;

namespace HmsOps.Components.Tests.Dashboards;

public sealed class TextPanelTests : DashboardTestBase
{
    [Fact]
    public void Markdown_is_rendered_and_raw_html_is_shown_as_text_never_run()
    {
        WriteDashboard("t.json", """
            { "uid": "t", "title": "T", "panels": [ { "type": "text", "title": "Notes", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 4 },
              "options": { "mode": "markdown", "content": "# Runbook\n\nCall **on-call**. <script>alert(1)</script><img src=x onerror=alert(1)>" } } ] }
            """);
        RenderInteractively();

        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.Uid, "t"));

        page.WaitForAssertion(() => Assert.Equal("Runbook", page.Find(".dash-text h1").TextContent));
        Assert.Equal("on-call", page.Find(".dash-text strong").TextContent);
        Assert.Empty(page.FindAll(".dash-text script, .dash-text img"));
        Assert.Contains("<script>alert(1)</script>", page.Find(".dash-text").TextContent, StringComparison.Ordinal);
    }
}
