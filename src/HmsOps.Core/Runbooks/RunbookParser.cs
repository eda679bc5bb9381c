using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HmsOps.Core.Runbooks;

/// <summary>
/// Reads a runbook: a YAML front matter block between two <c>---</c> lines (<c>title</c>, <c>alerts</c>,
/// <c>services</c>, <c>owner</c>), then Markdown. Unknown fields are refused so a typo such as <c>alert:</c>
/// does not silently unlink a runbook from its alert.
/// </summary>
public static class RunbookParser
{
    public const string FrontMatterField = "front matter";

    private static readonly string[] KnownFields = ["title", "alerts", "services", "owner"];

    public static Runbook Parse(string relativePath, string text)
    {
        var (yaml, body) = SplitFrontMatter(relativePath, text);
        var root = LoadMapping(relativePath, yaml);
        foreach (var key in root.Children.Keys)
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            if (!KnownFields.Contains(field, StringComparer.Ordinal))
            {
                throw new RunbookFormatException(relativePath, field, $"unknown field (expected one of {string.Join(", ", KnownFields)})");
            }
        }
        var title = RequiredText(relativePath, root, "title");
        var owner = RequiredText(relativePath, root, "owner");
        var alerts = TextList(relativePath, root, "alerts");
        var services = TextList(relativePath, root, "services");
        if (alerts.Count == 0 && services.Count == 0)
        {
            throw new RunbookFormatException(relativePath, "alerts", "a runbook must name at least one alert or service");
        }
        var fileName = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        var name = fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
        return new Runbook(name, relativePath, title, alerts, services, owner, body);
    }

    private static (string Yaml, string Body) SplitFrontMatter(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            throw new RunbookFormatException(file, FrontMatterField, "the file must start with a '---' line opening the YAML front matter");
        }
        var close = Array.FindIndex(lines, 1, line => line.TrimEnd() == "---");
        if (close < 0)
        {
            throw new RunbookFormatException(file, FrontMatterField, "no closing '---' line after the YAML front matter");
        }
        return (string.Join('\n', lines[1..close]), string.Join('\n', lines[(close + 1)..]).TrimStart('\n'));
    }

    private static YamlMappingNode LoadMapping(string file, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // Line numbers count from the first front-matter line; +1 for the opening '---'.
            throw new RunbookFormatException(file, FrontMatterField, $"invalid YAML at line {e.Start.Line + 1}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new RunbookFormatException(file, FrontMatterField, "must be a YAML mapping with title, alerts, services and owner");
        }
        return root;
    }

    private static string RequiredText(string file, YamlMappingNode root, string field)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(field), out var node))
        {
            throw new RunbookFormatException(file, field, "is required");
        }
        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            throw new RunbookFormatException(file, field, "must be a non-empty text");
        }
        return value.Trim();
    }

    private static IReadOnlyList<string> TextList(string file, YamlMappingNode root, string field)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(field), out var node))
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw new RunbookFormatException(file, field, "must be a list, e.g. [ACHLatencyHigh]");
        }
        var items = new List<string>();
        foreach (var item in sequence)
        {
            if (item is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                throw new RunbookFormatException(file, field, "every item must be a non-empty name");
            }
            items.Add(value.Trim());
        }
        return items;
    }
}
