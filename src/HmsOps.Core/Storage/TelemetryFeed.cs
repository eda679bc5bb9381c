using System.Collections.Concurrent;
using HmsOps.Core.Alerting;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Storage;

/// <summary>
/// Tells readers when logs and spans have been committed to SQLite: the Logs page's live tail and every open
/// waterfall (late spans stitch in). One subscriber list per watched trace, removed when its last viewer leaves.
/// </summary>
public sealed class TelemetryFeed : IDisposable
{
    private readonly IngestPipeline _pipeline;
    private readonly Subscribers _logs = new();
    private readonly ConcurrentDictionary<string, Subscribers> _traces = new(StringComparer.Ordinal);
    private readonly Lock _traceGate = new();

    public TelemetryFeed(IngestPipeline pipeline)
    {
        _pipeline = pipeline;
        _pipeline.Stored += OnStored;
    }

    public int WatchedTraces => _traces.Count;

    public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => _logs.Add(onNewLogs);

    public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans)
    {
        lock (_traceGate)
        {
            var subscribers = _traces.GetOrAdd(traceId, _ => new Subscribers());
            var inner = subscribers.Add(onNewSpans);
            return new TraceSubscription(this, traceId, subscribers, inner);
        }
    }

    public void Dispose() => _pipeline.Stored -= OnStored;

    private void OnStored(IReadOnlyList<LogEvent> logs, IReadOnlyList<SpanEvent> spans)
    {
        if (logs.Count > 0)
        {
            _logs.Notify();
        }
        if (_traces.IsEmpty)
        {
            return;
        }
        HashSet<string>? notified = null;
        foreach (var span in spans)
        {
            if (_traces.TryGetValue(span.TraceId, out var subscribers) && (notified ??= new(StringComparer.Ordinal)).Add(span.TraceId))
            {
                subscribers.Notify();
            }
        }
    }

    private void Release(string traceId, Subscribers subscribers, IDisposable inner)
    {
        lock (_traceGate)
        {
            inner.Dispose();
            if (subscribers.Count == 0)
            {
                _traces.TryRemove(new KeyValuePair<string, Subscribers>(traceId, subscribers));
            }
        }
    }

    private sealed class TraceSubscription(TelemetryFeed feed, string traceId, Subscribers subscribers, IDisposable inner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Release(traceId, subscribers, inner);
            }
        }
    }
}
