using HmsOps.Core.Markdown;

namespace HmsOps.Core.Tests.Markdown;

public sealed class MarkdownRendererTests
{
    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2Zz4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x][r]\n\n[r]: javascript:alert(1)")]
    [InlineData("[x](java%09script:alert(1))")]
    public void Links_and_images_with_an_unsafe_scheme_are_neutralised(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("=\"#\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](https://grafana.example/d/1)", "href=\"https://grafana.example/d/1\"")]
    [InlineData("[x](http://runbook.local/a?b=c:d)", "href=\"http://runbook.local/a?b=c:d\"")]
    [InlineData("[x](mailto:oncall@example.org)", "href=\"mailto:oncall@example.org\"")]
    [InlineData("[x](/dashboards/abc?from=now-1h)", "href=\"/dashboards/abc?from=now-1h\"")]
    [InlineData("[x](runbooks/db.md#failover)", "href=\"runbooks/db.md#failover\"")]
    [InlineData("![graph](/img/a.png)", "src=\"/img/a.png\"")]
    [InlineData("see https://status.example.org now", "href=\"https://status.example.org\"")]
    public void Http_https_mailto_and_relative_urls_are_kept(string markdown, string expected)
    {
        Assert.Contains(expected, MarkdownRenderer.ToHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void A_neutralised_link_keeps_its_text()
    {
        Assert.Equal("<p><a href=\"#\">click</a></p>\n", MarkdownRenderer.ToHtml("[click](javascript:alert(1))"));
    }

    [Fact]
    public void Headings_get_github_style_anchors()
    {
        Assert.Contains("<h2 id=\"roll-back-safely\">Roll back safely</h2>", MarkdownRenderer.ToHtml("## Roll back safely"), StringComparison.Ordinal);
    }

    [Fact]
    public void Task_lists_render_as_disabled_checkboxes()
    {
        var html = MarkdownRenderer.ToHtml("- [x] paged the lead\n- [ ] checked the rail");

        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\" />", html, StringComparison.Ordinal);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" />", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipe_tables_render_as_html_tables()
    {
        var html = MarkdownRenderer.ToHtml("| Signal | Means |\n|---|---|\n| p95 > 5 s | page |");

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Signal</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>p95 &gt; 5 s</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fenced_code_keeps_its_language_and_escapes_its_text()
    {
        var html = MarkdownRenderer.ToHtml("```promql\nrate(x[5m]) > 5 <b>\n```");

        Assert.Contains("<code class=\"language-promql\">", html, StringComparison.Ordinal);
        Assert.Contains("rate(x[5m]) &gt; 5 &lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("text <img src=x onerror=alert(1)> more")]
    [InlineData("<div onclick=\"x()\">block</div>")]
    public void Raw_html_is_shown_as_text(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }
}
