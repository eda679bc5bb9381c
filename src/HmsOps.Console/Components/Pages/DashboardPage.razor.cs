using System.Globalization;
using HmsOps.Core.Dashboards;
using HmsOps.Core.Metrics.Sources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// One dashboard on Grafana's 24-column grid. The URL carries from, to, refresh and var-x as in Grafana, so a
/// link shows the same view; every change re-resolves the variables and re-queries the panels that changed.
/// </summary>
public partial class DashboardPage : IDisposable
{
    private DashboardSession? _session;
    private IReadOnlyList<PanelInstance> _panels = [];
    private int _omitted;
    private IDisposable? _catalogSubscription;
    private readonly CancellationTokenSource _stopping = new();

    [Parameter] public string Uid { get; set; } = "";

    [Inject] public required DashboardCatalog Catalog { get; init; }

    [Inject] public required DashboardOptions Options { get; init; }

    [Inject] public required IMetricsSource Source { get; init; }

    [Inject] public required LiveOptions Live { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        var dashboard = Catalog.Find(Uid);
        if (dashboard is null)
        {
            _session = null;
            return;
        }
        _session = new DashboardSession(dashboard, Options) { MinRefresh = Live.MinRefresh };
        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query)
            .ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
        DashboardUrlState.Apply(_session, query);
        if (RendererInfo.IsInteractive)
        {
            _catalogSubscription ??= Catalog.Subscribe(() => InvokeAsync(ReloadFromCatalogAsync));
            await ResolveAsync();
        }
    }

    private async Task ReloadFromCatalogAsync()
    {
        if (_session is null || Catalog.Find(Uid) is not { } dashboard || ReferenceEquals(dashboard, _session.Dashboard))
        {
            return;
        }
        var previous = _session;
        _session = new DashboardSession(dashboard, Options) { MinRefresh = Live.MinRefresh, Range = previous.Range, Refresh = previous.Refresh };
        foreach (var (name, values) in previous.Requested)
        {
            _session.Requested[name] = values;
        }
        await ResolveAsync();
        StateHasChanged();
    }

    private async Task OnSessionChangedAsync()
    {
        await ResolveAsync();
        var pairs = DashboardUrlState.ToQuery(_session!);
        var url = QueryHelpers.AddQueryString(Navigation.ToAbsoluteUri(Navigation.Uri).GetLeftPart(UriPartial.Path), pairs!);
        Navigation.NavigateTo(url, new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private async Task ResolveAsync()
    {
        if (_session is null)
        {
            return;
        }
        await _session.ResolveVariablesAsync(Source, Time.GetUtcNow(), _stopping.Token);
        (_panels, _omitted) = _session.Panels();
    }

    /// <summary>Grafana's grid: 24 columns, rows of 30 px; CSS grid lines count from 1.</summary>
    public static string GridStyle(PanelInstance instance) => string.Create(CultureInfo.InvariantCulture,
        $"grid-column:{instance.Pos.X + 1} / span {instance.Pos.W};grid-row:{instance.Pos.Y + 1} / span {instance.Pos.H}");

    public void Dispose()
    {
        _catalogSubscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
