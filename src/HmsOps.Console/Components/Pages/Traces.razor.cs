using System.Globalization;
using HmsOps.Console.Components.Controls.Traces;
using HmsOps.Core.Traces;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// Trace search: open one trace by id, or find traces by service, operation, minimum duration, errors and time
/// range. The filter lives in the URL query, so a search is a link; results show as a table and a duration scatter.
/// </summary>
public partial class Traces : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private TraceSearch _search = new();
    private Draft _draft = new();
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private IReadOnlyList<TraceSummary>? _results;
    private string? _searchError;
    private string? _idText;
    private string? _idError;

    [Inject] public required ITraceReader Reader { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<Traces> Logger { get; init; }

    [SupplyParameterFromQuery(Name = TraceSearch.ServiceKey)] public string? Service { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.OperationKey)] public string? Operation { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.MinDurationKey)] public string? MinDurationMs { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.ErrorKey)] public string? Error { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.RangeKey)] public string? Range { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.StartKey)] public string? Start { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.EndKey)] public string? End { get; set; }

    [SupplyParameterFromQuery(Name = TraceSearch.LimitKey)] public string? Limit { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [TraceSearch.ServiceKey] = Service,
            [TraceSearch.OperationKey] = Operation,
            [TraceSearch.MinDurationKey] = MinDurationMs,
            [TraceSearch.ErrorKey] = Error,
            [TraceSearch.RangeKey] = Range,
            [TraceSearch.StartKey] = Start,
            [TraceSearch.EndKey] = End,
            [TraceSearch.LimitKey] = Limit,
        };
        _search = TraceSearch.FromQuery(key => query.GetValueOrDefault(key));
        _draft = Draft.From(_search);
        var (traceQuery, errors) = _search.ToTraceQuery(Time.GetUtcNow());
        _errors = errors;
        _results = null;
        _searchError = null;
        // The prerender shows the form; the interactive render searches (once, not twice).
        if (traceQuery is null || !RendererInfo.IsInteractive)
        {
            return;
        }
        try
        {
            _results = await Reader.SearchAsync(traceQuery, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The page closed mid-search.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Trace search failed");
            _searchError = ex.Message;
        }
    }

    private void OpenTrace()
    {
        if (TraceIdInput.TryNormalize(_idText, out var traceId))
        {
            _idError = null;
            Navigation.NavigateTo("traces/" + traceId);
            return;
        }
        _idError = string.IsNullOrWhiteSpace(_idText) ? "Enter a trace id" : "Not a trace id: expected " + TraceIdInput.Expected;
    }

    private void Search()
    {
        var search = _draft.ToSearch(_search.Limit);
        var (_, errors) = search.ToTraceQuery(Time.GetUtcNow());
        if (errors.Count > 0)
        {
            // Shown inline; the URL keeps the last search that could run.
            _errors = errors;
            return;
        }
        var parameters = search.ToQuery().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters), replace: false);
    }

    private static string StartText(long micros) =>
        DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>The form's fields as typed, applied to the URL on Search.</summary>
    private sealed class Draft
    {
        public string? Service { get; set; }

        public string? Operation { get; set; }

        public string? MinDurationMs { get; set; }

        public string Range { get; set; } = TraceSearch.DefaultRange;

        public string? Start { get; set; }

        public string? End { get; set; }

        public bool ErrorsOnly { get; set; }

        public static Draft From(TraceSearch search) => new()
        {
            Service = search.Service,
            Operation = search.Operation,
            MinDurationMs = search.MinDurationMs,
            Range = search.Range,
            Start = search.Start,
            End = search.End,
            ErrorsOnly = search.ErrorsOnly,
        };

        public TraceSearch ToSearch(int limit) => new(
            Service?.Trim() ?? "", Operation?.Trim() ?? "", MinDurationMs?.Trim() ?? "", ErrorsOnly, Range, Start?.Trim() ?? "", End?.Trim() ?? "", limit);
    }
}
