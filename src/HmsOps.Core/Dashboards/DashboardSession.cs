using HmsOps.Core.Metrics.Sources;

namespace HmsOps.Core.Dashboards;

/// <summary>One panel target ready to run: the interpolated expression, its range and step, and the live query when live.</summary>
public sealed record PanelQuery(PanelTarget Target, string Expr, bool Instant, DateTimeOffset From, DateTimeOffset To, TimeSpan Step, LiveQuery? Live);

/// <summary>
/// A viewer's dashboard: its time range, refresh, variable choices and their values, and each panel's queries.
/// Variables resolve in order, so a later query variable can use an earlier one (instance after job, as Grafana).
/// </summary>
public sealed class DashboardSession(Dashboard dashboard, DashboardOptions options)
{
    private readonly Dictionary<string, IReadOnlyList<string>> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VariableValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variableErrors = new(StringComparer.Ordinal);

    public Dashboard Dashboard { get; } = dashboard;

    public TimeRangeSpec Range { get; set; } = new(dashboard.TimeFrom, dashboard.TimeTo);

    private TimeSpan? _refresh = dashboard.Refresh;

    /// <summary>The shortest refresh the live scheduler accepts (<c>Live:MinRefresh</c>); a shorter one is raised to it.</summary>
    public TimeSpan MinRefresh { get; init; }

    /// <summary>The refresh in effect: what the file, URL or picker asked for, but never below <see cref="MinRefresh"/>.</summary>
    public TimeSpan? Refresh
    {
        get => _refresh is { } r && r < MinRefresh ? MinRefresh : _refresh;
        set => _refresh = value;
    }

    /// <summary>The refresh asked for when it was below <see cref="MinRefresh"/> and so raised; otherwise null.</summary>
    public TimeSpan? RefreshRaisedFrom => _refresh is { } r && r < MinRefresh ? r : null;

    /// <summary>What the viewer asked for (URL <c>var-x</c>, dropdowns); kept even when not (yet) an option.</summary>
    public Dictionary<string, IReadOnlyList<string>> Requested { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Options => _options;

    public IReadOnlyDictionary<string, VariableValue> Values => _values;

    /// <summary>Why a query variable has no options (the source refused or could not be reached).</summary>
    public IReadOnlyDictionary<string, string> VariableErrors => _variableErrors;

    /// <summary>Live when both ends are relative and a refresh is chosen; otherwise queried once.</summary>
    public bool IsLive => Range.IsRelative && Refresh is not null;

    public async Task ResolveVariablesAsync(IMetricsSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (from, to) = Range.Resolve(now);
        foreach (var variable in Dashboard.Variables)
        {
            IReadOnlyList<string> options = variable.Kind switch
            {
                VariableKind.Custom => variable.Options.Select(o => o.Value).ToArray(),
                VariableKind.Constant => [],
                _ => await QueryOptionsAsync(source, variable, from, to, cancellationToken).ConfigureAwait(false),
            };
            _options[variable.Name] = options;
            _values[variable.Name] = VariableSelection.Select(variable, options, Requested.GetValueOrDefault(variable.Name));
        }
    }

    private async Task<IReadOnlyList<string>> QueryOptionsAsync(IMetricsSource source, VariableDefinition variable, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        _variableErrors.Remove(variable.Name);
        try
        {
            var query = TemplateInterpolator.Interpolate(variable.Query, _values);
            return await VariableQuery.RunAsync(source, query, variable.Regex, variable.Sort, from, to, options.MaxVariableValues, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _variableErrors[variable.Name] = ex.Message;
            // Keep what the viewer chose, so panels still query with it while the source is away.
            return _options.GetValueOrDefault(variable.Name) ?? [];
        }
    }

    /// <summary>Panels after repeats, at most <see cref="DashboardOptions.MaxPanels"/>.</summary>
    public (IReadOnlyList<PanelInstance> Panels, int Omitted) Panels()
    {
        var all = PanelRepeater.Expand(Dashboard.Panels, name => _values.TryGetValue(name, out var value) ? value.Values : null);
        return all.Count <= options.MaxPanels ? (all, 0) : (all.Take(options.MaxPanels).ToArray(), all.Count - options.MaxPanels);
    }

    public IReadOnlyList<PanelQuery> Queries(PanelInstance instance, DateTimeOffset now)
    {
        var panel = instance.Panel;
        var (from, to) = Range.Resolve(now);
        var minInterval = panel.MinInterval is { } text && GrafanaInterval.TryParseDuration(text, out var min) ? min : options.ScrapeInterval;
        var intervals = GrafanaInterval.Calculate(to - from, panel.MaxDataPoints ?? options.DefaultMaxDataPoints, minInterval, options.ScrapeInterval);
        var variables = new Dictionary<string, VariableValue>(_values, StringComparer.Ordinal);
        foreach (var (name, value) in intervals.GlobalVariables())
        {
            variables[name] = VariableValue.Raw(value);
        }
        if (instance.RepeatVariable is { } repeated && instance.RepeatValue is { } value1)
        {
            var original = _values.GetValueOrDefault(repeated);
            variables[repeated] = new VariableValue([value1], original?.Multi ?? false, original?.IncludeAll ?? false);
        }
        var live = IsLive;
        return panel.Targets
            .Where(t => !t.Hide && !string.IsNullOrWhiteSpace(t.Expr))
            .Select(target =>
            {
                var expr = TemplateInterpolator.Interpolate(target.Expr, variables);
                var instant = target.Instant || panel.Type == PanelTypes.Table;
                var liveQuery = live ? new LiveQuery(expr, instant ? TimeSpan.Zero : to - from, intervals.Step, Refresh!.Value) : null;
                return new PanelQuery(target, expr, instant, from, to, intervals.Step, liveQuery);
            })
            .ToArray();
    }

    /// <summary>The panel's title with variables in it (a repeated panel's title names its value).</summary>
    public string Title(PanelInstance instance)
    {
        var variables = new Dictionary<string, VariableValue>(StringComparer.Ordinal);
        foreach (var (name, value) in _values)
        {
            variables[name] = VariableValue.Raw(value.Text);
        }
        if (instance.RepeatVariable is { } repeated && instance.RepeatValue is { } value1)
        {
            variables[repeated] = VariableValue.Raw(value1);
        }
        return TemplateInterpolator.Interpolate(instance.Panel.Title, variables);
    }
}
