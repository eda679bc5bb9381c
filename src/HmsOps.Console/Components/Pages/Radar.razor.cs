using System.Globalization;
using HmsOps.Core.Dashboards;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.Radar;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// The radar is the dashboard <c>radar.json</c> (uid <c>radar</c>): its <c>service</c> variable lists the services,
/// its repeated row becomes one card per service, and the p95 and error-ratio panels turn red at the service's
/// limits from <c>Radar:Services</c>. It reads through <see cref="IMetricsSource"/>, so it works on a real Prometheus too.
/// The service list is asked again every few refreshes, so a service that starts reporting gets its card.
/// </summary>
public partial class Radar : IDisposable
{
    public const string RadarUid = "radar";
    public const string RadarFile = "radar.json";

    private readonly CancellationTokenSource _stopping = new();
    private DashboardSession? _session;
    private IReadOnlyList<PanelInstance> _panels = [];
    private DateTimeOffset? _updated;
    private IDisposable? _catalogSubscription;

    [Inject] public required DashboardCatalog Catalog { get; init; }

    [Inject] public required DashboardOptions DashboardOptions { get; init; }

    [Inject] public required RadarOptions Options { get; init; }

    [Inject] public required IMetricsSource Source { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private IReadOnlyList<string> Services =>
        _panels.Where(p => p.RepeatValue is not null).Select(p => p.RepeatValue!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Why the service list could not be asked (the source is down, the query failed): a radar opened while
    /// the source is away has no last list to keep, and must not claim that no service is reporting.
    /// </summary>
    private string? ServiceListError => _session?.VariableErrors.Values.FirstOrDefault();

    private string UpdatedText => _updated is { } at
        ? string.Create(CultureInfo.InvariantCulture, $"services as of {at:HH:mm:ss} UTC")
        : "waiting for the first update";

    private IReadOnlyList<PanelInstance> PanelsOf(string service) => _panels.Where(p => p.RepeatValue == service).ToArray();

    protected override void OnInitialized()
    {
        Load();
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        _catalogSubscription = Catalog.Subscribe(() => InvokeAsync(async () =>
        {
            Load();
            await ResolveAsync();
            StateHasChanged();
        }));
        _ = KeepServicesFreshAsync();
    }

    private void Load()
    {
        var dashboard = Catalog.Find(RadarUid);
        _session = dashboard is null ? null : new DashboardSession(dashboard, DashboardOptions);
    }

    private async Task KeepServicesFreshAsync()
    {
        var interval = (_session?.Refresh ?? TimeSpan.FromSeconds(5)) * 2;
        try
        {
            await InvokeAsync(ResolveAndRenderAsync);
            using var timer = new PeriodicTimer(interval, Time);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await InvokeAsync(ResolveAndRenderAsync);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }

    private async Task ResolveAndRenderAsync()
    {
        await ResolveAsync();
        StateHasChanged();
    }

    private async Task ResolveAsync()
    {
        if (_session is null)
        {
            return;
        }
        await _session.ResolveVariablesAsync(Source, Time.GetUtcNow(), _stopping.Token);
        (_panels, _) = _session.Panels();
        _updated = Time.GetUtcNow();
    }

    /// <summary>The service's own limits replace the red step of the panels marked with <c>hmsOps.threshold</c>.</summary>
    private Thresholds? ThresholdFor(PanelInstance instance)
    {
        if (instance.Panel.ThresholdKey is not { } key || instance.RepeatValue is not { } service)
        {
            return null;
        }
        var limits = Options.ThresholdsFor(service);
        return key switch
        {
            "latencyP95" => PanelModels.WithRedAt(instance.Panel.Defaults.Thresholds, limits.LatencyP95ThresholdSeconds),
            "errorRate" => PanelModels.WithRedAt(instance.Panel.Defaults.Thresholds, limits.ErrorRateThreshold),
            _ => null,
        };
    }

    public void Dispose()
    {
        _catalogSubscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
