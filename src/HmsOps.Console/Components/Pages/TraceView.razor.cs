using System.Globalization;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Logs;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// One trace as a waterfall, with its logs beside it. The tree is built once per read; collapsing and filtering
/// only re-lay the rows. Spans stored after the page opened are stitched in live (through the render throttle),
/// keeping what the user collapsed and selected. <c>?span=</c> selects a span, so a copied link reopens it.
/// </summary>
public partial class TraceView : IAsyncDisposable
{
    public const int LogLimit = 200;
    public const string SpanKey = "span";

    private static readonly TimeSpan LogMargin = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _collapsed = new(StringComparer.Ordinal);
    private string? _loadedFor;
    private string? _spanParameter;
    private string? _traceId;
    private bool _malformed;
    private bool _notFound;
    private string? _loadError;
    private TraceLookup? _lookup;
    private WaterfallModel? _model;
    private string _filterText = "";
    private string? _selectedId;
    private IReadOnlyList<StoredLog> _logs = [];
    private bool _logsFromArchive;
    private IDisposable? _subscription;
    private IJSObjectReference? _module;

    [Inject] public required ITraceReader Traces { get; init; }

    [Inject] public required TracePrefetch Prefetch { get; init; }

    [Inject] public required ILogReader LogReader { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<TraceView> Logger { get; init; }

    [Parameter] public string TraceIdText { get; set; } = "";

    [SupplyParameterFromQuery(Name = SpanKey)] public string? Span { get; set; }

    private string LogsHref => "logs?traceId=" + _traceId;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == TraceIdText)
        {
            // Same trace, another ?span= (a link to a span of this trace): select it without reading again.
            if (Span != _spanParameter)
            {
                _spanParameter = Span;
                _selectedId = string.IsNullOrWhiteSpace(Span) ? _selectedId : Span.Trim().ToLowerInvariant();
            }
            return;
        }
        _loadedFor = TraceIdText;
        _spanParameter = Span;
        _subscription?.Dispose();
        _subscription = null;
        _collapsed.Clear();
        (_model, _lookup, _logs, _notFound, _loadError, _filterText) = (null, null, [], false, null, "");
        _selectedId = string.IsNullOrWhiteSpace(Span) ? null : Span.Trim().ToLowerInvariant();
        _malformed = !TraceIdInput.TryNormalize(TraceIdText, out var traceId);
        _traceId = _malformed ? null : traceId;
        if (_traceId is null)
        {
            return;
        }
        if (!RendererInfo.IsInteractive)
        {
            // The prerender's component is thrown away; its read is not: it runs while the browser loads the page
            // and starts the circuit, and the interactive render below takes it.
            Prefetch.Start(_traceId);
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        // Subscribed before the first read, so spans stored in between are not missed (the read after sees them).
        _subscription = Traces.SubscribeTrace(_traceId, throttle.NotifyAsync);
        await LoadAsync(first: true);
    }

    /// <summary>The waterfall first, drawn as soon as it is laid out; the logs beside it after.</summary>
    private async Task LoadAsync(bool first = false)
    {
        if (_traceId is not { } traceId)
        {
            return;
        }
        try
        {
            var read = first
                ? await Prefetch.TakeOrReadAsync(traceId, _stopping.Token)
                : await Prefetch.ReadAsync(traceId, _stopping.Token);
            if (traceId != _traceId)
            {
                return;
            }
            _notFound = read is null;
            _lookup = read?.Lookup;
            _model = read is null ? null : WaterfallModel.Create(read.Tree, View);
            _loadError = null;
            StateHasChanged();
            var logs = await LogReader.QueryAsync(LogsOf(traceId, read?.Lookup), _stopping.Token);
            if (traceId != _traceId)
            {
                return;
            }
            _logs = logs.Logs;
            _logsFromArchive = logs.FromArchive;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The page closed mid-read.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Reading trace {TraceId} failed", traceId);
            _loadError = ex.Message;
        }
    }

    /// <summary>
    /// The trace's logs. An archived trace's logs are archived too, and the archive is only read for a window
    /// (reading every archived day for one trace id would be far too slow): the trace's own, with a margin for skew.
    /// </summary>
    private static LogQuery LogsOf(string traceId, TraceLookup? lookup)
    {
        var query = new LogQuery { TraceId = traceId, Limit = LogLimit };
        if (lookup is not { FromArchive: true, Spans.Count: > 0 } archived)
        {
            return query;
        }
        var start = archived.Spans.Min(s => s.StartUnixMicros);
        var end = archived.Spans.Max(s => s.StartUnixMicros + s.DurationMicros);
        return query with
        {
            From = DateTimeOffset.FromUnixTimeMilliseconds(start / 1000) - LogMargin,
            To = DateTimeOffset.FromUnixTimeMilliseconds(end / 1000) + LogMargin,
        };
    }

    private WaterfallView View => new(_collapsed, _filterText);

    private void Relayout()
    {
        if (_model is not null)
        {
            _model = WaterfallModel.Create(_model.Tree, View);
        }
    }

    private void SetFilter(string? text)
    {
        _filterText = text ?? "";
        Relayout();
    }

    private void Toggle(string nodeId)
    {
        if (!_collapsed.Remove(nodeId))
        {
            _collapsed.Add(nodeId);
        }
        Relayout();
    }

    private void ExpandAll()
    {
        _collapsed.Clear();
        Relayout();
    }

    /// <summary>Keeps the roots and their direct children: the hops of the request, without their internals.</summary>
    private void CollapseAll()
    {
        if (_model is null)
        {
            return;
        }
        _collapsed.Clear();
        foreach (var node in _model.Tree.Nodes.Where(n => n.Depth == 1 && n.Children.Count > 0))
        {
            _collapsed.Add(node.Id);
        }
        Relayout();
    }

    private void Select(string? nodeId) => _selectedId = nodeId == _selectedId ? null : nodeId;

    private string LinkToHere()
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [SpanKey] = _selectedId };
        return Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("traces/" + _traceId).ToString(), parameters);
    }

    private Task CopyLinkAsync() => CopyAsync(LinkToHere(), "Link copied");

    private Task CopyAsync(string text) => CopyAsync(text, "Span summary copied");

    private async Task CopyAsync(string text, string done)
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/traces.js");
            var copied = await _module.InvokeAsync<bool>("copyText", text);
            Snackbar.Add(copied ? done : "The browser refused the clipboard: " + text, copied ? Severity.Success : Severity.Warning);
        }
        catch (JSDisconnectedException)
        {
            // The tab closed.
        }
    }

    private static string StartText(long micros) =>
        DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync();
        _stopping.Dispose();
        if (_module is not null)
        {
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
}
