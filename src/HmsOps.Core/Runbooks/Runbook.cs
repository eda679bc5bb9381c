using HmsOps.Core.Markdown;

namespace HmsOps.Core.Runbooks;

/// <summary>
/// One runbook file: its front matter and its Markdown body (front matter removed).
/// <paramref name="Name"/> is the file name without <c>.md</c>; <paramref name="RelativePath"/> uses '/' and is
/// relative to the runbooks folder (e.g. <c>ach_latency.md</c>).
/// </summary>
public sealed record Runbook(
    string Name,
    string RelativePath,
    string Title,
    IReadOnlyList<string> Alerts,
    IReadOnlyList<string> Services,
    string Owner,
    string Body)
{
    public string ToHtml() => MarkdownRenderer.ToHtml(Body);
}
