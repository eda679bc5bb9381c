using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Controls;

/// <summary>
/// A thin interop component over ApexCharts: creates the chart on first interactive render, pushes
/// new series when <see cref="Version"/> changes, and destroys it on dispose. After a reconnect the
/// circuit keeps this component, so the chart element and its id stay valid.
/// </summary>
/// <remarks>
/// At most one call is in flight per chart. Blazor does not wait for <c>OnAfterRenderAsync</c> before the
/// next render, and drawing a heatmap can take longer than the radar's refresh interval: before this, every
/// refresh during the first draw destroyed the half-drawn chart and started again, so on a busy browser the
/// chart area stayed empty. Renders arriving while a call is in flight are folded into one update with the
/// newest series when it returns; apexchart.js paces the redraws themselves.
/// </remarks>
public partial class ApexChart : IAsyncDisposable
{
    private readonly string _id = "chart-" + Guid.NewGuid().ToString("N");
    private ElementReference _host;
    private IJSObjectReference? _module;
    private Task? _inFlight;
    private long _renderedVersion = -1;
    private bool _created;
    private bool _disposed;

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required ILogger<ApexChart> Logger { get; init; }

    /// <summary>ApexCharts options for creation (chart type, axes, colours), including the initial series.</summary>
    [Parameter, EditorRequired] public required object Options { get; set; }

    /// <summary>The series to show; pushed to the chart when <see cref="Version"/> changes.</summary>
    [Parameter, EditorRequired] public required object Series { get; set; }

    /// <summary>Options that change with the data (e.g. colours when a service turns red).</summary>
    [Parameter] public object? LiveOptions { get; set; }

    [Parameter] public long Version { get; set; }

    [Parameter] public string Kind { get; set; } = "chart";

    [Parameter] public string Label { get; set; } = "chart";

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || _inFlight is { IsCompleted: false })
        {
            // The call in flight re-reads Version when it returns, so this render is not lost.
            return Task.CompletedTask;
        }
        _inFlight = SyncAsync();
        return _inFlight;
    }

    private async Task SyncAsync()
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/apexchart.js");
            if (!_created)
            {
                var version = Version;
                await _module.InvokeVoidAsync("create", _id, _host, Options);
                _created = true;
                _renderedVersion = version;
            }
            while (!_disposed && _renderedVersion != Version)
            {
                var version = Version;
                await _module.InvokeVoidAsync("updateSeries", _id, Series, LiveOptions);
                _renderedVersion = version;
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; nothing to draw on.
        }
        catch (TaskCanceledException)
        {
            // The circuit is shutting down.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a call was in flight.
        }
        catch (JSException ex)
        {
            // One chart failing to draw must not end the operator's whole session.
            Logger.LogWarning(ex, "ApexCharts could not draw the {Kind} chart {Label}", Kind, Label);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
        {
            return;
        }
        try
        {
            await _module.InvokeVoidAsync("destroy", _id);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // Nothing left to clean up in a closed browser.
        }
    }
}
