using System.Text.Json;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>
/// Each alerting rule's <see cref="AlertRuleState"/> in one JSON file, replaced atomically (write a temporary file,
/// flush it to disk, rename over the old one), so a restart resumes with every firing alert's original activeAt.
/// A crash mid-write leaves the previous file intact.
/// </summary>
public sealed class RuleStateFile(string path)
{
    public const string FileName = "rule-state.json";

    public string Path { get; } = path;

    /// <summary>The saved states by rule key; empty when there is no file yet. Throws <see cref="JsonException"/> on a damaged file.</summary>
    public IReadOnlyDictionary<string, AlertRuleState> Load()
    {
        if (!File.Exists(Path))
        {
            return new Dictionary<string, AlertRuleState>();
        }
        var saved = JsonSerializer.Deserialize<SavedStates>(File.ReadAllText(Path), AlertStateJson.Options)
            ?? throw new JsonException($"{Path}: expected an object with 'rules'");
        return saved.Rules.ToDictionary(r => r.Key, r => r.State, StringComparer.Ordinal);
    }

    /// <summary>Writes the states of rules that have alerts, at most <paramref name="maxAlerts"/> alerts in all; returns how many were left out.</summary>
    public int Save(IEnumerable<KeyValuePair<string, AlertRuleState>> states, int maxAlerts)
    {
        var rules = new List<SavedRule>();
        var budget = maxAlerts;
        var left = 0;
        foreach (var (key, state) in states)
        {
            if (state.Alerts.Count == 0)
            {
                continue;
            }
            // Firing alerts first: their activeAt is what a restart must not lose.
            var alerts = state.Alerts.OrderBy(a => a.State == AlertState.Firing ? 0 : 1).ToList();
            var kept = alerts.Take(Math.Max(0, budget)).ToList();
            left += alerts.Count - kept.Count;
            budget -= kept.Count;
            if (kept.Count > 0)
            {
                rules.Add(new SavedRule(key, new AlertRuleState(kept.OrderBy(a => a.Labels.Key, StringComparer.Ordinal).ToList())));
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new SavedStates(1, rules), AlertStateJson.Options);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
        return left;
    }

    private sealed record SavedStates(int Version, IReadOnlyList<SavedRule> Rules);

    private sealed record SavedRule(string Key, AlertRuleState State);
}
