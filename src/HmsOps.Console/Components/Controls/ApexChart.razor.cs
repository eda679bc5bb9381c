using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Controls;

/// <summary>
/// A thin interop component over ApexCharts: creates the chart on first interactive render, pushes
/// new series when <see cref="Version"/> changes, and destroys it on dispose. After a reconnect the
/// circuit keeps this component, so the chart element and its id stay valid.
/// </summary>
public partial class ApexChart : IAsyncDisposable
{
    private readonly string _id = "chart-" + Guid.NewGuid().ToString("N");
    private ElementReference _host;
    private IJSObjectReference? _module;
    private long _renderedVersion = -1;
    private bool _created;

    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>ApexCharts options for creation (chart type, axes, colours), including the initial series.</summary>
    [Parameter, EditorRequired] public required object Options { get; set; }

    /// <summary>The series to show; pushed to the chart when <see cref="Version"/> changes.</summary>
    [Parameter, EditorRequired] public required object Series { get; set; }

    /// <summary>Options that change with the data (e.g. colours when a service turns red).</summary>
    [Parameter] public object? LiveOptions { get; set; }

    [Parameter] public long Version { get; set; }

    [Parameter] public string Kind { get; set; } = "chart";

    [Parameter] public string Label { get; set; } = "chart";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/apexchart.js");
            if (!_created)
            {
                await _module.InvokeVoidAsync("create", _id, _host, Options);
                _created = true;
                _renderedVersion = Version;
            }
            else if (_renderedVersion != Version)
            {
                _renderedVersion = Version;
                await _module.InvokeVoidAsync("updateSeries", _id, Series, LiveOptions);
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
    }

    public async ValueTask DisposeAsync()
    {
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
