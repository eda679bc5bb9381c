namespace HmsOps.Core.Incidents;

/// <summary>
/// The human sections of a postmortem, found by their <c>## </c> headings, so regenerating the facts keeps what people wrote.
/// </summary>
public static class PostmortemSections
{
    public const string RootCause = "Root cause";
    public const string WentWell = "What went well";
    public const string WentWrong = "What went wrong";
    public const string ActionItems = "Action items";

    public static IReadOnlyList<string> Human { get; } = [RootCause, WentWell, WentWrong, ActionItems];

    /// <summary>The body (without the heading line) of each human section present in <paramref name="markdown"/>.</summary>
    public static IReadOnlyDictionary<string, string> Extract(string markdown)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        var body = new List<string>();
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Close();
                var heading = line[3..].Trim();
                current = Human.FirstOrDefault(h => string.Equals(h, heading, StringComparison.OrdinalIgnoreCase));
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Close();
                current = null;
                continue;
            }
            if (current is not null)
            {
                body.Add(line);
            }
        }
        Close();
        return result;

        void Close()
        {
            if (current is not null)
            {
                result[current] = string.Join('\n', body).Trim('\n');
            }
            body.Clear();
        }
    }
}
