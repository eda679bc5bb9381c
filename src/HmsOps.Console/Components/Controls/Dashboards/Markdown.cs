using Markdig;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>The console's one Markdig pipeline: CommonMark plus tables and lists, raw HTML shown as text, never run.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public static string ToHtml(string? markdown) => Markdig.Markdown.ToHtml(markdown ?? "", Pipeline);
}
