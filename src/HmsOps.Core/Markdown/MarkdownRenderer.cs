using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HmsOps.Core.Markdown;

/// <summary>
/// The product's one Markdig pipeline (dashboard text panels and runbooks): CommonMark plus the advanced extensions
/// (tables, task lists, heading anchors, fenced code, ...), raw HTML shown as text, never run, and link and image
/// URLs limited to http, https, mailto and relative ones. Dashboards and runbooks are operator-written but may come
/// from anywhere; a <c>javascript:</c> link would run in the on-call engineer's session.
/// </summary>
public static class MarkdownRenderer
{
    /// <summary>What a refused URL becomes: a link to nowhere that keeps its text.</summary>
    public const string NeutralUrl = "#";

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    // GitHub-style anchors ("## Roll back" -> id="roll-back") so runbooks can link to their own sections.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .DisableHtml()
        .Build();

    public static string ToHtml(string? markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = SafeUrl(link.Url);
            // A reference link renders its reference's URL when set; keep only the checked one.
            link.GetDynamicUrl = null;
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            autolink.Url = SafeUrl(autolink.Url) ?? NeutralUrl;
        }
        return Markdig.Markdown.ToHtml(document, Pipeline);
    }

    /// <summary>The URL when its scheme is allowed or it has none (relative, anchor); otherwise <see cref="NeutralUrl"/>.</summary>
    public static string? SafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }
        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so strip them first.
        var compact = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var firstPathChar = compact.IndexOfAny(['/', '?', '#']);
        var hasScheme = colon > 0 && (firstPathChar < 0 || colon < firstPathChar);
        if (!hasScheme)
        {
            return url;
        }
        var scheme = compact[..colon];
        return AllowedSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase) ? url : NeutralUrl;
    }
}
