using System.Net;
using System.Text.RegularExpressions;
using HmsOps.Core.Runbooks;

namespace HmsOps.Console.Components.Controls;

/// <summary>
/// A runbook's HTML made to work inside the console. The page has <c>&lt;base href="/"&gt;</c>, so a bare
/// <c>#section</c> link would lead to the radar: it is prefixed with the page's own address (Blazor then scrolls
/// to the heading). A link to a sibling <c>other.md</c> leads to that runbook's console page.
/// </summary>
public static partial class RunbookHtml
{
    /// <param name="pageUri">The current page relative to the base, without fragment (e.g. <c>runbooks/ach_latency</c>).</param>
    public static string For(Runbook runbook, string pageUri)
    {
        var html = runbook.ToHtml();
        var page = WebUtility.HtmlEncode(pageUri);
        html = SectionLink().Replace(html, m => $"href=\"{page}#{m.Groups[1].Value}\"");
        return SiblingRunbookLink().Replace(html, m => $"href=\"runbooks/{m.Groups[1].Value}{m.Groups[2].Value}\"");
    }

    [GeneratedRegex("href=\"#([^\"]*)\"")]
    private static partial Regex SectionLink();

    // Relative links only (no scheme, no leading slash): "ach_latency.md", "./ach_latency.md#roll-back".
    [GeneratedRegex("href=\"(?:\\./)?([A-Za-z0-9_\\-]+)\\.md(#[^\"]*)?\"")]
    private static partial Regex SiblingRunbookLink();
}
