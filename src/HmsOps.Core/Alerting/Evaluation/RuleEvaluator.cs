using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>
/// Runs the loaded rule files on the embedded store: each group on its own interval, its alerts published to the
/// <see cref="AlertBook"/> under scope <c>rules:&lt;file&gt;:&lt;group&gt;</c> after every evaluation, alert states saved so a
/// restart resumes them. Time only comes from the injected <see cref="TimeProvider"/>, so tests drive it.
/// One caller evaluates (the hosted loop); reloads may come from another thread; readers take immutable snapshots.
/// </summary>
public sealed class RuleEvaluator
{
    private readonly TimeSeriesStore _store;
    private readonly PromQLEngine _engine;
    private readonly RuleEvaluationOptions _options;
    private readonly AlertBook _book;
    private readonly TimeProvider _time;
    private readonly RuleStateFile? _stateFile;
    private readonly ILogger _logger;
    private readonly Subscribers _subscribers = new();
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, AlertRuleState>? _restored;
    private List<RuleGroupRunner> _runners = [];
    private IReadOnlyList<LoadedRuleFile> _files = [];
    private IReadOnlyList<RuleGroupStatus> _groups = [];

    public RuleEvaluator(
        TimeSeriesStore store, MetricsOptions metrics, RuleEvaluationOptions options, AlertBook book, TimeProvider time,
        RuleStateFile? stateFile = null, ILogger<RuleEvaluator>? logger = null)
    {
        _store = store;
        _engine = new PromQLEngine(store, metrics);
        _options = options;
        _book = book;
        _time = time;
        _stateFile = stateFile;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Every rule file with its groups in force and its load problem, if any (for the Rules page).</summary>
    public IReadOnlyList<LoadedRuleFile> Files => Volatile.Read(ref _files);

    /// <summary>Every group as of its latest evaluation, in file then group order.</summary>
    public IReadOnlyList<RuleGroupStatus> Groups => Volatile.Read(ref _groups);

    /// <summary>Called after every load and every group evaluation.</summary>
    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    /// <summary>
    /// Applies a load of the rules folder: valid files replace their previous version, invalid ones keep their last good
    /// version and are reported. Rules that stay (same file, group, name and labels) keep their alerts.
    /// </summary>
    public void Load(IReadOnlyList<RuleFileResult> results)
    {
        lock (_gate)
        {
            var restored = _restored ??= LoadSavedStates();
            var merged = RuleCatalog.Merge(_files, results);
            foreach (var file in merged.Where(f => f.HasProblem))
            {
                var previous = _files.FirstOrDefault(f => f.File == file.File);
                if (previous is null || !previous.Errors.SequenceEqual(file.Errors))
                {
                    _logger.LogWarning("Rule file {File} is invalid ({Kept}): {Errors}", file.File,
                        file.HasGoodVersion ? "its previous version stays in force" : "none of its rules are evaluated",
                        string.Join("; ", file.Errors));
                }
            }
            var now = _time.GetUtcNow();
            var old = _runners.ToDictionary(r => r.Status.Scope, StringComparer.Ordinal);
            var runners = new List<RuleGroupRunner>();
            foreach (var file in merged)
            {
                foreach (var group in file.Groups)
                {
                    var runner = new RuleGroupRunner(file.File, group, group.Interval ?? _options.EvaluationInterval, _engine, _store, _time);
                    if (old.Remove(runner.Status.Scope, out var previous))
                    {
                        runner.CopyStateFrom(previous.Status.Rules);
                        runner.NextDue = previous.Interval == runner.Interval ? previous.NextDue : now;
                    }
                    else
                    {
                        runner.CopyStateFrom(RestoredStates(runner.Status, restored));
                        runner.NextDue = now;
                    }
                    runners.Add(runner);
                }
            }
            foreach (var removed in old.Values)
            {
                _book.ReplaceScope(removed.Status.Scope, []);
            }
            _runners = runners;
            Volatile.Write(ref _files, merged);
            Volatile.Write(ref _groups, runners.Select(r => r.Status).ToArray());
        }
        _subscribers.Notify();
    }

    /// <summary>
    /// Evaluates every group that is due now and returns when the next one is due (null when there are no groups).
    /// A group that fell behind is evaluated once, not once per missed interval, as Prometheus does.
    /// </summary>
    public DateTimeOffset? EvaluateDue(CancellationToken cancellationToken)
    {
        bool evaluated;
        DateTimeOffset? next;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var changed = false;
            evaluated = false;
            foreach (var runner in _runners.Where(r => r.NextDue <= now))
            {
                var before = runner.Status;
                var after = runner.Evaluate(now, cancellationToken);
                evaluated = true;
                changed |= AlertsChanged(before, after);
                var alerts = after.Rules.SelectMany(r => r.State.Alerts)
                    .Select(a => ConsoleAlert.FromRule(a, after.Source, now))
                    .ToArray();
                _book.ReplaceScope(after.Scope, alerts);
                while (runner.NextDue <= now)
                {
                    runner.NextDue += runner.Interval;
                }
            }
            if (evaluated)
            {
                _book.Prune();
                Volatile.Write(ref _groups, _runners.Select(r => r.Status).ToArray());
            }
            if (changed)
            {
                SaveStates();
            }
            next = _runners.Count == 0 ? null : _runners.Min(r => r.NextDue);
        }
        if (evaluated)
        {
            _subscribers.Notify();
        }
        return next;
    }

    /// <summary>The key a rule's state is saved under: file, group, name and labels, and its position among equals.</summary>
    private static IEnumerable<(string Key, RuleStatus Rule)> Keyed(RuleGroupStatus group) =>
        group.Rules
            .Select((rule, index) => (rule, index))
            .GroupBy(x => x.rule.Identity)
            .SelectMany(g => g.Select((x, n) => ($"{group.File}\u001f{group.Name}\u001f{x.rule.Identity}\u001f{n}", x.rule)));

    private static IEnumerable<RuleStatus> RestoredStates(RuleGroupStatus group, IReadOnlyDictionary<string, AlertRuleState> restored) =>
        Keyed(group).Select(k => restored.TryGetValue(k.Key, out var state) ? k.Rule with { State = state } : k.Rule);

    private static bool AlertsChanged(RuleGroupStatus before, RuleGroupStatus after)
    {
        for (var i = 0; i < after.Rules.Count; i++)
        {
            var (a, b) = (before.Rules[i].State.Alerts, after.Rules[i].State.Alerts);
            if (a.Count != b.Count
                || a.Zip(b).Any(p => p.First.State != p.Second.State || p.First.ActiveAt != p.Second.ActiveAt || !p.First.Labels.Equals(p.Second.Labels)))
            {
                return true;
            }
        }
        return false;
    }

    private IReadOnlyDictionary<string, AlertRuleState> LoadSavedStates()
    {
        if (_stateFile is null)
        {
            return new Dictionary<string, AlertRuleState>();
        }
        try
        {
            var oldest = _time.GetUtcNow() - _options.OutageTolerance;
            return _stateFile.Load().ToDictionary(
                p => p.Key,
                p => new AlertRuleState(p.Value.Alerts.Where(a => (a.LastSeenAt ?? a.ActiveAt) >= oldest).ToList()),
                StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            _logger.LogWarning("Alert states in {Path} cannot be read, alerts start afresh: {Error}", _stateFile.Path, e.Message);
            return new Dictionary<string, AlertRuleState>();
        }
    }

    private void SaveStates()
    {
        if (_stateFile is null)
        {
            return;
        }
        try
        {
            var states = _runners.SelectMany(r => Keyed(r.Status))
                .Where(k => k.Rule.Rule is Rules.AlertingRule)
                .Select(k => KeyValuePair.Create(k.Key, k.Rule.State));
            var left = _stateFile.Save(states, _options.MaxPersistedAlerts);
            if (left > 0)
            {
                _logger.LogWarning("{Count} alerts were not saved to {Path}: past Alerting:MaxPersistedAlerts ({Max})",
                    left, _stateFile.Path, _options.MaxPersistedAlerts);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Alert states cannot be saved to {Path}: {Error}", _stateFile.Path, e.Message);
        }
    }
}
