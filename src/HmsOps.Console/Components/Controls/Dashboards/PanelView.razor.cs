using System.Globalization;
using HmsOps.Core.Dashboards;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>
/// One dashboard panel: runs its queries (live through the shared scheduler for relative ranges, once against
/// the metrics source for absolute ones), keeps the last data when the source goes away and says since when,
/// shows a rejected query's error, and draws by panel type. Redraws at most once per refresh interval.
/// </summary>
public partial class PanelView : IDisposable
{
    private readonly Dictionary<string, TargetResult> _results = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _once;
    private RenderThrottle? _throttle;
    private string _queryKey = "";
    private long _version;

    [Inject] public required IMetricsSource Source { get; init; }

    [Inject] public required ILiveQueryScheduler Scheduler { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Parameter, EditorRequired] public required DashboardSession Session { get; set; }

    [Parameter, EditorRequired] public required PanelInstance Instance { get; set; }

    /// <summary>Replaces the panel's thresholds (the radar's per-service limits); null keeps the panel's own.</summary>
    [Parameter] public Func<PanelInstance, Thresholds?>? ThresholdOverride { get; set; }

    /// <summary>Told about this panel's threshold state, so a group (a radar card) can turn red.</summary>
    [Parameter] public PanelHealth? Health { get; set; }

    /// <summary>Chart height in pixels; by default from the panel's grid height (30 px a unit, less the title).</summary>
    [Parameter] public int? ChartHeight { get; set; }

    [Parameter] public bool ShowTitle { get; set; } = true;

    private PanelDefinition Panel => Instance.Panel;

    private string Title => Session.Title(Instance);

    private int Height => ChartHeight ?? Math.Max(60, Instance.Pos.H * 30 - 44);

    private IReadOnlyList<TargetResult> Results
    {
        get
        {
            lock (_gate)
            {
                return Panel.Targets.Select(t => _results.GetValueOrDefault(t.RefId)).OfType<TargetResult>().ToArray();
            }
        }
    }

    private DateTimeOffset? UnavailableSince => Results.Where(r => r.UnavailableSince is not null).Min(r => r.UnavailableSince);

    private string? UnavailableText => UnavailableSince is { } since
        ? "source unavailable since " + TimeZoneInfo.ConvertTime(since, Time.LocalTimeZone).ToString("HH:mm:ss", CultureInfo.InvariantCulture)
        : null;

    private IReadOnlyList<string> Errors => Results.Where(r => r.Error is not null).Select(r => $"{r.Target.RefId}: {r.Error}").ToArray();

    private IReadOnlyList<StatValue> Stats => PanelModels.Stats(Panel, Title, Results, ThresholdOverride?.Invoke(Instance));

    private IReadOnlyList<NamedSeries> Series => PanelModels.Series(Results);

    private HeatmapData Heatmap
    {
        get
        {
            var matrix = Results.Select(r => r.Value).OfType<MatrixResult>().FirstOrDefault();
            return matrix is null ? HeatmapData.Empty : HeatmapBuckets.FromMatrix(matrix);
        }
    }

    private string HeatmapColour => Health?.State == PanelHealthState.Red ? "#FF5252" : "#4FC3F7";

    protected override void OnInitialized()
    {
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(500), Time, () => InvokeAsync(() =>
        {
            _version++;
            ReportHealth();
            StateHasChanged();
        }));
    }

    protected override void OnParametersSet()
    {
        if (!RendererInfo.IsInteractive || !Panel.IsKnownType || Panel.Type == PanelTypes.Text)
        {
            return;
        }
        var now = Time.GetUtcNow();
        var queries = Session.Queries(Instance, now);
        var key = string.Join('\n', queries.Select(q => q.Live is { } live ? $"live|{live}" : $"once|{q.Expr}|{q.From:O}|{q.To:O}|{q.Step}"));
        if (key == _queryKey)
        {
            return;
        }
        _queryKey = key;
        Stop();
        foreach (var query in queries)
        {
            if (query.Live is { } live)
            {
                var target = query.Target;
                try
                {
                    _subscriptions.Add(Scheduler.Subscribe(live, result => OnLiveResult(target, result)));
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // A refused subscription (a bound reached, a refresh below Live:MinRefresh) is this panel's
                    // error to show, never an unhandled exception that ends the operator's circuit.
                    lock (_gate)
                    {
                        _results[target.RefId] = new TargetResult(target, null, ex.Message, null);
                    }
                }
            }
        }
        var once = queries.Where(q => q.Live is null).ToArray();
        if (once.Length > 0)
        {
            _once = new CancellationTokenSource();
            _ = RunOnceAsync(once, _once.Token);
        }
    }

    private Task OnLiveResult(PanelTarget target, LiveQueryResult result)
    {
        lock (_gate)
        {
            var previous = _results.GetValueOrDefault(target.RefId);
            // The scheduler keeps the last good value while unavailable; keep ours too if it sends none.
            var value = result.Value ?? (result.UnavailableSince is not null ? previous?.Value : null);
            _results[target.RefId] = new TargetResult(target, value, result.Error, result.UnavailableSince);
        }
        return _throttle!.NotifyAsync();
    }

    private async Task RunOnceAsync(IReadOnlyList<PanelQuery> queries, CancellationToken ct)
    {
        foreach (var query in queries)
        {
            TargetResult result;
            try
            {
                var value = query.Instant
                    ? await Source.QueryAsync(query.Expr, query.To, ct)
                    : await Source.QueryRangeAsync(query.Expr, query.From, query.To, query.Step, ct);
                result = new TargetResult(query.Target, value, null, null);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (MetricsSourceUnavailableException)
            {
                TargetResult? previous;
                lock (_gate)
                {
                    previous = _results.GetValueOrDefault(query.Target.RefId);
                }
                result = new TargetResult(query.Target, previous?.Value, null, previous?.UnavailableSince ?? Time.GetUtcNow());
            }
            catch (Exception ex) when (ex is PromQLException or FormatException or ArgumentException or TimeoutException)
            {
                result = new TargetResult(query.Target, null, ex.Message, null);
            }
            lock (_gate)
            {
                _results[query.Target.RefId] = result;
            }
        }
        await _throttle!.NotifyAsync();
    }

    private void ReportHealth()
    {
        if (Health is null || Panel.Type is not (PanelTypes.Stat or PanelTypes.Gauge or PanelTypes.BarGauge))
        {
            return;
        }
        var stats = Stats;
        Health.Report(Instance.Key, stats, stats.Any(s => s.Value is not null));
    }

    private void Stop()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _subscriptions.Clear();
        _once?.Cancel();
        _once?.Dispose();
        _once = null;
    }

    public void Dispose() => Stop();


    private IReadOnlyList<NamedSeries> TableRows => Series.OrderByDescending(s => s.Values.LastOrDefault()).ToArray();

    private IReadOnlyList<string> TableColumns => TableRows.SelectMany(s => s.Labels.Pairs.Select(p => p.Key))
        .Where(k => k != HmsOps.Core.Telemetry.LabelSet.MetricNameLabel).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The gauge chart's share of the panel: what is left after the value text under it.</summary>
    private int GaugeHeight => Math.Max(60, Height - 40);
}
