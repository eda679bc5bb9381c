using System.Globalization;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Controls.Traces;

/// <summary>
/// Renders a <see cref="WaterfallModel"/>: time axis, minimap and one fixed-height row per visible span.
/// Past <see cref="VirtualizeAbove"/> rows only those in view are in the DOM, so a 50,000-span trace costs
/// about as much to scroll as a 50-span one; below it every row is rendered (find-in-page works).
/// </summary>
public partial class Waterfall : IAsyncDisposable
{
    public const int VirtualizeAbove = 300;
    public const int MinimapAbove = 40;
    private const float RowHeight = 26;
    private const int MaxIndentLevels = 30;

    private readonly string _scrollerId = "wf-" + Guid.NewGuid().ToString("N");
    private ElementReference _minimap;
    private ElementReference _scroller;
    private IJSObjectReference? _module;
    private ICollection<WaterfallRow> _rows = [];
    private bool _minimapBound;

    [Inject] public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired] public required WaterfallModel Model { get; set; }

    [Parameter] public string? SelectedId { get; set; }

    [Parameter] public EventCallback<string> OnToggle { get; set; }

    [Parameter] public EventCallback<string> OnSelect { get; set; }

    private bool ShowMinimap => Model.Rows.Count > MinimapAbove;

    protected override void OnParametersSet() =>
        _rows = Model.Rows as ICollection<WaterfallRow> ?? [.. Model.Rows];

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!ShowMinimap)
        {
            // The next minimap is a new element (a filter hid it, live spans brought it back): bind that one.
            _minimapBound = false;
            return;
        }
        if (_minimapBound || !RendererInfo.IsInteractive)
        {
            return;
        }
        _minimapBound = true;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/traces.js");
            await _module.InvokeVoidAsync("bindMinimap", _minimap, _scroller);
        }
        catch (JSDisconnectedException)
        {
            // The tab closed before the minimap was wired up.
        }
    }

    private Task OnNameKey(KeyboardEventArgs e, string nodeId) =>
        e.Key is "Enter" or " " ? OnSelect.InvokeAsync(nodeId) : Task.CompletedTask;

    private string RowClass(WaterfallRow row) =>
        "wf-row" + (row.Node.IsPlaceholder ? " wf-placeholder" : "") + (row.Node.Id == SelectedId ? " wf-selected" : "")
        + (row.IsMatch ? "" : " wf-context");

    private static string LaneClass(MinimapLane lane) => lane.HasError ? "error" : "svc-" + Math.Max(0, lane.ServiceColor);

    private static string Label(WaterfallRow row) =>
        row.Node.IsPlaceholder ? row.Node.Name : row.Node.Service + " " + row.Node.Name;

    private static string SkewText(WaterfallNode node) =>
        $"Clock skew: shifted {(node.SkewShiftMicros > 0 ? "later" : "earlier")} by {TimeAxis.FormatDuration(Math.Abs(node.SkewShiftMicros))} to sit inside its parent";

    private static string Pct(double fraction) => (fraction * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

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
