using HmsOps.Core.Traces;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Controls.Traces;

/// <summary>The search results as a duration scatter; a click on a point opens that trace (wired in traces.js).</summary>
public partial class TraceScatter : IAsyncDisposable
{
    private ElementReference _host;
    private IJSObjectReference? _module;
    private IReadOnlyList<TraceSummary>? _shown;
    private object _options = new { };
    private object _series = Array.Empty<object>();
    private long _version;
    private bool _idsSent = true;

    [Inject] public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired] public required IReadOnlyList<TraceSummary> Traces { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_shown, Traces))
        {
            return;
        }
        _shown = Traces;
        if (_version == 0)
        {
            _options = TraceCharts.ScatterOptions(Traces);
        }
        _series = TraceCharts.ScatterSeries(Traces);
        _version++;
        _idsSent = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_idsSent || !RendererInfo.IsInteractive)
        {
            return;
        }
        _idsSent = true;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/traces.js");
            await _module.InvokeVoidAsync("bindScatter", _host, TraceCharts.IdsBySeries(Traces));
        }
        catch (JSDisconnectedException)
        {
            // The tab closed.
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
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // Nothing to release in a closed browser.
        }
    }
}
