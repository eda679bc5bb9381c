using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Components.Tests.Traces;

/// <summary>Spans, logs and search results held in memory; <see cref="StoreAsync"/> notifies open trace views as the store does.</summary>
public sealed class FakeTelemetryReader : ITraceReader, ILogReader
{
    private readonly List<(string TraceId, Func<Task> Callback)> _subscribers = [];

    public List<SpanEvent> Spans { get; } = [];

    public List<StoredLog> Logs { get; } = [];

    public List<TraceSummary> Summaries { get; } = [];

    public List<TraceQuery> Searches { get; } = [];

    public bool FromArchive { get; set; }

    public int Subscribers => _subscribers.Count;

    public Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        var spans = Spans.Where(s => s.TraceId == traceId).OrderBy(s => s.StartUnixMicros).ToList();
        return Task.FromResult(spans.Count == 0 ? null : new TraceLookup(traceId, spans, FromArchive));
    }

    public Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        Searches.Add(query);
        return Task.FromResult<IReadOnlyList<TraceSummary>>(Summaries);
    }

    public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans)
    {
        var entry = (traceId, onNewSpans);
        _subscribers.Add(entry);
        return new Unsubscribe(() => _subscribers.Remove(entry));
    }

    public async Task StoreAsync(params SpanEvent[] spans)
    {
        Spans.AddRange(spans);
        foreach (var (traceId, callback) in _subscribers.ToList())
        {
            if (spans.Any(s => s.TraceId == traceId))
            {
                await callback();
            }
        }
    }

    public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new LogPage([.. Logs.Where(l => query.TraceId is null || l.Log.TraceId == query.TraceId).OrderByDescending(l => l.Id).Take(query.Limit)], null, false));

    public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => new Unsubscribe(() => { });

    public void AddLog(long id, string service, string message, string traceId, string? spanId = null, LogLevel level = LogLevel.Info) =>
        Logs.Add(new StoredLog(id, new LogEvent(1_767_000_000_000 + id, level, message, service, traceId, spanId, "{}")));

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
