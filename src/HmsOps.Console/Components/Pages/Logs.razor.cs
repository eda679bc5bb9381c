using System.Text.Json;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Demo;
using HmsOps.Core.Logs;
using HmsOps.Core.Radar;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// Log search and live tail. The filters live in the URL (<see cref="LogSearchState"/>); results come newest first,
/// older pages load as the list is scrolled to its end, and live tail prepends new logs while the list is at the
/// top; scrolled away it holds them back ("paused — N new") until the user jumps back. At most
/// <see cref="MaxRows"/> rows stay on the page: live tail drops the oldest, scrolling stops at the bound.
/// </summary>
public partial class Logs : IAsyncDisposable
{
    public const int MaxRows = 2_000;
    public const int PageSize = 200;

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    private readonly List<StoredLog> _rows = [];
    private readonly List<StoredLog> _pending = [];
    private readonly HashSet<long> _expanded = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private LogSearchState _state = LogSearchState.Default;
    private LogQuery? _query;
    private long? _nextBefore;
    private long? _newestId;
    private bool _fromArchive;
    private bool _atTop = true;
    private bool _loadingOlder;
    private int _dropped;
    private string? _filterError;
    private string? _timeError;
    private string _queryText = "";
    private string _fromText = "";
    private string _toText = "";
    private IDisposable? _subscription;
    private IJSObjectReference? _module;
    private DotNetObjectReference<Logs>? _self;
    private ElementReference _list;
    private ElementReference _end;

    [Inject] public required ILogReader Reader { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required RadarOptions Radar { get; init; }

    [Inject] public required DemoOptions Demo { get; init; }

    [SupplyParameterFromQuery(Name = LogSearchState.ServiceKey)] public string? Service { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.LevelKey)] public string? Level { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.RangeKey)] public string? Range { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.FromKey)] public string? From { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.ToKey)] public string? To { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.QueryKey)] public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = LogSearchState.LiveKey)] public string? Live { get; set; }

    /// <summary>Logs held back while the user reads further down (live tail paused).</summary>
    public int PendingCount => _pending.Count;

    private bool Paused => _state.Live && !_atTop;

    private IEnumerable<string> ServiceChoices => Radar.Services.Keys
        .Concat(Demo.Enabled ? DemoOptions.Services : [])
        .Concat(_rows.Select(r => r.Log.Service))
        .Concat(_state.Services)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal);

    protected override void OnInitialized()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(FollowAsync));
        _subscription = Reader.SubscribeNewLogs(throttle.NotifyAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [LogSearchState.ServiceKey] = Service,
            [LogSearchState.LevelKey] = Level,
            [LogSearchState.RangeKey] = Range,
            [LogSearchState.FromKey] = From,
            [LogSearchState.ToKey] = To,
            [LogSearchState.QueryKey] = Q,
            [LogSearchState.LiveKey] = Live,
        };
        _state = LogSearchState.FromQuery(key => query.GetValueOrDefault(key));
        _queryText = _state.Query;
        _fromText = LogSearchState.FormatMinute(_state.From) ?? "";
        _toText = LogSearchState.FormatMinute(_state.To) ?? "";
        _timeError = null;
        await SearchAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/logs.js");
            _self = DotNetObjectReference.Create(this);
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("observe", _list, _end, _self);
            }
        }
        catch (JSDisconnectedException)
        {
            // The tab closed while the page was starting.
        }
    }

    /// <summary>The list scrolled to (or away from) its top: live tail follows only at the top.</summary>
    [JSInvokable]
    public async Task OnScrolled(bool atTop)
    {
        if (_atTop == atTop)
        {
            return;
        }
        _atTop = atTop;
        if (atTop)
        {
            MergePending();
        }
        await InvokeAsync(StateHasChanged);
    }

    /// <summary>The end of the list came into view: load the next older page.</summary>
    [JSInvokable]
    public Task OnEndReached() => InvokeAsync(LoadOlderAsync);

    private async Task SearchAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _rows.Clear();
            _pending.Clear();
            _expanded.Clear();
            _dropped = 0;
            _nextBefore = null;
            _newestId = null;
            _fromArchive = false;
            var parsed = _state.ToLogQuery(Time.GetUtcNow(), PageSize);
            _filterError = parsed.Message;
            _query = parsed.Query;
            if (_query is null)
            {
                return;
            }
            var page = await Reader.QueryAsync(_query, _closed.Token);
            _rows.AddRange(page.Logs);
            _nextBefore = page.NextBeforeId;
            _newestId = page.Logs.Count > 0 ? page.Logs[0].Id : null;
            _fromArchive = page.FromArchive;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LoadOlderAsync()
    {
        if (_query is null || _nextBefore is null || _loadingOlder || _rows.Count >= MaxRows)
        {
            return;
        }
        _loadingOlder = true;
        await _gate.WaitAsync();
        try
        {
            var page = await Reader.QueryAsync(_query with { BeforeId = _nextBefore, AfterId = null, Limit = Math.Min(PageSize, MaxRows - _rows.Count) },
                _closed.Token);
            _rows.AddRange(page.Logs);
            _nextBefore = page.NextBeforeId;
            _fromArchive |= page.FromArchive;
        }
        finally
        {
            _gate.Release();
            _loadingOlder = false;
        }
        StateHasChanged();
    }

    /// <summary>New logs arrived (throttled): fetch what is newer than the newest shown, if following.</summary>
    private async Task FollowAsync()
    {
        if (!_state.Live || !_state.CanFollow || _query is null)
        {
            return;
        }
        await _gate.WaitAsync();
        try
        {
            var page = await Reader.QueryAsync(_query with { AfterId = _newestId, BeforeId = null, Limit = LogQuery.MaxLimit }, _closed.Token);
            if (page.Logs.Count == 0)
            {
                return;
            }
            _newestId = page.Logs[0].Id;
            _pending.InsertRange(0, page.Logs);
            if (_pending.Count > MaxRows)
            {
                _dropped += _pending.Count - MaxRows;
                _pending.RemoveRange(MaxRows, _pending.Count - MaxRows);
            }
            if (_atTop)
            {
                MergePending();
            }
        }
        finally
        {
            _gate.Release();
        }
        StateHasChanged();
    }

    private void MergePending()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        _rows.InsertRange(0, _pending);
        _pending.Clear();
        if (_rows.Count > MaxRows)
        {
            var over = _rows.Count - MaxRows;
            foreach (var row in _rows.Skip(MaxRows))
            {
                _expanded.Remove(row.Id);
            }
            _rows.RemoveRange(MaxRows, over);
            _dropped += over;
            _nextBefore = _rows[^1].Id;
        }
    }

    private async Task JumpToNewestAsync()
    {
        _atTop = true;
        MergePending();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("scrollToTop", _list);
            }
            catch (JSDisconnectedException)
            {
                // Closed tab: nothing to scroll.
            }
        }
    }

    private void SetState(LogSearchState state)
    {
        var parameters = state.ToQuery().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters), replace: true);
    }

    /// <summary>The query box is read before anything is searched: a bad token is shown under the box instead.</summary>
    private void ApplyQueryText()
    {
        var parsed = LogFilter.Parse(_queryText);
        if (!parsed.Succeeded)
        {
            _filterError = parsed.Message;
            return;
        }
        _filterError = null;
        SetState(_state with { Query = _queryText.Trim() });
    }

    private void OnQueryKeyUp(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            ApplyQueryText();
        }
    }

    private void ApplyAbsoluteRange()
    {
        var from = string.IsNullOrWhiteSpace(_fromText) ? null : LogSearchState.ParseMinute(_fromText);
        var to = string.IsNullOrWhiteSpace(_toText) ? null : LogSearchState.ParseMinute(_toText);
        if (!string.IsNullOrWhiteSpace(_fromText) && from is null || !string.IsNullOrWhiteSpace(_toText) && to is null)
        {
            _timeError = "Use UTC as yyyy-MM-ddTHH:mm, e.g. 2026-12-05T14:30";
            return;
        }
        if (from > to)
        {
            _timeError = "The end is before the start";
            return;
        }
        _timeError = null;
        SetState(_state with { From = from, To = to, Live = _state.Live && to is null });
    }

    private void SetRange(string range) => SetState(_state with { Range = range, From = null, To = null });

    private void SetLive(bool live)
    {
        _atTop = true;
        SetState(_state with { Live = live });
    }

    private void ToggleFields(long id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private static string Timestamp(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A log's structured fields as (name, value) for the expanded row; values that are not strings show as JSON.</summary>
    private static IReadOnlyList<(string Name, string Value)> Fields(StoredLog row)
    {
        try
        {
            using var document = JsonDocument.Parse(row.Log.FieldsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [("fields", row.Log.FieldsJson)];
            }
            return document.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))
                .ToArray();
        }
        catch (JsonException)
        {
            return [("fields", row.Log.FieldsJson)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _closed.CancelAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", _list);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the browser's side with it.
            }
        }
        _self?.Dispose();
        _closed.Dispose();
        GC.SuppressFinalize(this);
    }
}
