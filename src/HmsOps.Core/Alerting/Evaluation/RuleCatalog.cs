using HmsOps.Core.Alerting.Rules;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>A rule file as the evaluator runs it: its last good groups, and the problem with its newest version, if any.</summary>
/// <param name="Groups">The groups in force: the newest version's, or the last good one's when the newest is invalid.</param>
/// <param name="Errors">Why the newest version was refused; empty when it loaded.</param>
/// <param name="HasGoodVersion">False when the file never loaded, so nothing of it is evaluated.</param>
public sealed record LoadedRuleFile(string File, IReadOnlyList<RuleGroup> Groups, IReadOnlyList<string> Errors, bool HasGoodVersion)
{
    public bool HasProblem => Errors.Count > 0;
}

/// <summary>
/// Merges successive loads of the rules folder: a valid file replaces its previous version, an invalid file keeps the
/// previous good version of that file in force (and is reported), a deleted file goes away. Pure, no I/O.
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<LoadedRuleFile> Merge(IReadOnlyList<LoadedRuleFile> previous, IReadOnlyList<RuleFileResult> loaded)
    {
        var before = previous.ToDictionary(f => f.File, StringComparer.Ordinal);
        var merged = new List<LoadedRuleFile>(loaded.Count);
        foreach (var result in loaded)
        {
            if (result.IsOk)
            {
                merged.Add(new LoadedRuleFile(result.File, result.Groups, [], HasGoodVersion: true));
            }
            else if (before.TryGetValue(result.File, out var old) && old.HasGoodVersion)
            {
                merged.Add(old with { Errors = result.Errors });
            }
            else
            {
                merged.Add(new LoadedRuleFile(result.File, [], result.Errors, HasGoodVersion: false));
            }
        }
        return merged;
    }
}
