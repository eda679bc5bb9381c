namespace HmsOps.Core.Runbooks;

/// <summary>The Runbooks index's search: every word must appear (case-insensitive) in the title, alerts, services, owner or body.</summary>
public static class RunbookSearch
{
    public static IReadOnlyList<Runbook> Filter(IReadOnlyList<Runbook> runbooks, string? text)
    {
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return runbooks.OrderBy(r => r.Title, StringComparer.OrdinalIgnoreCase).ToList();
        }
        return runbooks
            .Select(r => (Runbook: r, Rank: Rank(r, words)))
            .Where(x => x.Rank >= 0)
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Runbook.Title, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Runbook)
            .ToList();
    }

    // 0 when every word is in the front matter (a direct hit), 1 when some are only in the body, -1 when a word is nowhere.
    private static int Rank(Runbook runbook, string[] words)
    {
        var head = string.Join('\n', [runbook.Title, runbook.Owner, runbook.Name, .. runbook.Alerts, .. runbook.Services]);
        var rank = 0;
        foreach (var word in words)
        {
            if (head.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!runbook.Body.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }
            rank = 1;
        }
        return rank;
    }
}
