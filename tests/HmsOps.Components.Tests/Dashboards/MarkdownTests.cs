using HmsOps.Console.Components.Controls.Dashboards;

namespace HmsOps.Components.Tests.Dashboards;

public sealed class MarkdownTests
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
        var html = Markdown.ToHtml(markdown);

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
        Assert.Contains(expected, Markdown.ToHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void A_neutralised_link_keeps_its_text()
    {
        Assert.Equal("<p><a href=\"#\">click</a></p>\n", Markdown.ToHtml("[click](javascript:alert(1))"));
    }
}
