using System.Collections.Concurrent;

namespace HmsOps.Core.Ingest;

/// <summary>Counters the console exports on /metrics: what came in, what was refused and why, what is queued.</summary>
public sealed class IngestStatistics
{
    private long _metrics;
    private long _logs;
    private long _spans;
    private long _queuedEvents;

    public ConcurrentDictionary<string, long> RejectionsByReason { get; } = new(StringComparer.Ordinal);

    public long MetricEvents => Interlocked.Read(ref _metrics);

    public long LogEvents => Interlocked.Read(ref _logs);

    public long SpanEvents => Interlocked.Read(ref _spans);

    /// <summary>Events admitted and not yet durable.</summary>
    public long QueuedEvents => Interlocked.Read(ref _queuedEvents);

    public void CountRejection(string reason) => RejectionsByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);

    internal void CountAccepted(long metrics, long logs, long spans)
    {
        Interlocked.Add(ref _metrics, metrics);
        Interlocked.Add(ref _logs, logs);
        Interlocked.Add(ref _spans, spans);
    }

    internal long AddQueued(long delta) => Interlocked.Add(ref _queuedEvents, delta);
}
