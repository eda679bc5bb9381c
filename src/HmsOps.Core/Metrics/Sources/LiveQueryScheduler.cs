using HmsOps.Core.PromQL;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>
/// Evaluates each distinct <see cref="LiveQuery"/> once per refresh tick through the configured source and pushes
/// the outcome to all of its subscribers, so a hundred viewers of the same panel cost one query.
/// A query's timer starts with its first subscriber (evaluated at once) and stops with its last.
/// </summary>
public sealed class LiveQueryScheduler(IMetricsSource source, LiveOptions options, TimeProvider time, ILogger<LiveQueryScheduler> logger)
    : ILiveQueryScheduler, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LiveQuery, LiveQueryEntry> _entries = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _subscriberCount;
    private int _runningEvaluations;
    private long _skippedTicks;
    private bool _disposed;

    /// <summary>Distinct live queries being evaluated.</summary>
    public int QueryCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscriberCount);

    /// <summary>Evaluations under way now.</summary>
    public int RunningEvaluations => Volatile.Read(ref _runningEvaluations);

    /// <summary>Ticks skipped because the query's previous evaluation was still running.</summary>
    public long SkippedTicks => Interlocked.Read(ref _skippedTicks);

    public IDisposable Subscribe(LiveQuery query, Func<LiveQueryResult, Task> onResult)
    {
        ArgumentNullException.ThrowIfNull(onResult);
        Validate(query);
        var subscriber = new LiveSubscriber(onResult, logger);
        LiveQueryEntry? created = null;
        LiveQueryEntry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_subscriberCount >= options.MaxSubscribers)
            {
                throw new LiveQueryLimitException(
                    $"too many live subscribers: at most {options.MaxSubscribers} at once (Live:MaxSubscribers)");
            }
            if (!_entries.TryGetValue(query, out entry!))
            {
                if (_entries.Count >= options.MaxQueries)
                {
                    throw new LiveQueryLimitException(
                        $"too many distinct live queries: at most {options.MaxQueries} at once (Live:MaxQueries)");
                }
                entry = created = new LiveQueryEntry(query);
                _entries.Add(query, entry);
                entry.Timer = time.CreateTimer(_ => _ = EvaluateAsync(created), null, query.Refresh, query.Refresh);
            }
            entry.Subscribers = [.. entry.Subscribers, subscriber];
            _subscriberCount++;
            if (entry.Last is { } last)
            {
                subscriber.Offer(last, entry.Sequence);
            }
        }
        if (created is not null)
        {
            _ = EvaluateAsync(created);
        }
        return new Subscription(this, entry, subscriber);
    }

    public void Dispose()
    {
        LiveQueryEntry[] entries;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
            _subscriberCount = 0;
        }
        _stopping.Cancel();
        foreach (var entry in entries)
        {
            entry.Timer?.Dispose();
            foreach (var subscriber in entry.Subscribers)
            {
                subscriber.Close();
            }
        }
        // _stopping is left undisposed: an evaluation already under way may still read its token.
    }

    private void Validate(LiveQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Expr))
        {
            throw new ArgumentException("Expr must not be empty", nameof(query));
        }
        if (query.Range < TimeSpan.Zero)
        {
            throw new ArgumentException("Range must not be negative (zero means an instant query)", nameof(query));
        }
        if (query.Range > TimeSpan.Zero && query.Step < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException("Step must be at least 1 ms for a range query", nameof(query));
        }
        if (query.Refresh < options.MinRefresh || query.Refresh <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Refresh must be at least {options.MinRefresh} (Live:MinRefresh)", nameof(query));
        }
    }

    private async Task EvaluateAsync(LiveQueryEntry entry)
    {
        if (Interlocked.CompareExchange(ref entry.Running, 1, 0) != 0)
        {
            Interlocked.Increment(ref _skippedTicks);
            return;
        }
        Interlocked.Increment(ref _runningEvaluations);
        try
        {
            var now = time.GetUtcNow();
            LiveQueryResult result;
            try
            {
                var value = await QueryAsync(entry.Query, now, _stopping.Token).ConfigureAwait(false);
                entry.LastValue = value;
                entry.UnavailableSince = null;
                result = new LiveQueryResult(entry.Query, now, value, null, null);
            }
            catch (MetricsSourceUnavailableException ex)
            {
                // Keep showing the last data, and say since when it is stale.
                entry.UnavailableSince ??= now;
                logger.LogDebug("Live query {Query}: {Reason}", entry.Query.Expr, ex.Message);
                result = new LiveQueryResult(entry.Query, now, entry.LastValue, null, entry.UnavailableSince);
            }
            catch (PromQLException ex)
            {
                // The source answered, so it is available; the query itself failed.
                entry.UnavailableSince = null;
                result = new LiveQueryResult(entry.Query, now, entry.LastValue, ex.Message, null);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Live query {Query} failed unexpectedly", entry.Query.Expr);
                result = new LiveQueryResult(entry.Query, now, entry.LastValue, "internal error: " + ex.Message, entry.UnavailableSince);
            }
            Publish(entry, result);
        }
        finally
        {
            Interlocked.Decrement(ref _runningEvaluations);
            Volatile.Write(ref entry.Running, 0);
        }
    }

    private Task<QueryValue> QueryAsync(LiveQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (query.Range == TimeSpan.Zero)
        {
            return source.QueryAsync(query.Expr, now, cancellationToken);
        }
        // Aligned down to the step, so every viewer (and every refresh within a step) asks for the same grid.
        var stepMs = (long)query.Step.TotalMilliseconds;
        var endMs = now.ToUnixTimeMilliseconds() / stepMs * stepMs;
        var end = DateTimeOffset.FromUnixTimeMilliseconds(endMs);
        return source.QueryRangeAsync(query.Expr, end - query.Range, end, TimeSpan.FromMilliseconds(stepMs), cancellationToken);
    }

    private void Publish(LiveQueryEntry entry, LiveQueryResult result)
    {
        LiveSubscriber[] subscribers;
        long sequence;
        lock (_gate)
        {
            entry.Last = result;
            sequence = ++entry.Sequence;
            subscribers = entry.Subscribers;
        }
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(result, sequence);
        }
    }

    private void Unsubscribe(LiveQueryEntry entry, LiveSubscriber subscriber)
    {
        ITimer? stopped = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var remaining = Array.FindAll(entry.Subscribers, s => s != subscriber);
            if (remaining.Length == entry.Subscribers.Length)
            {
                return;
            }
            entry.Subscribers = remaining;
            _subscriberCount--;
            if (remaining.Length == 0 && _entries.TryGetValue(entry.Query, out var current) && current == entry)
            {
                _entries.Remove(entry.Query);
                stopped = entry.Timer;
            }
        }
        subscriber.Close();
        stopped?.Dispose();
    }

    private sealed class Subscription(LiveQueryScheduler scheduler, LiveQueryEntry entry, LiveSubscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                scheduler.Unsubscribe(entry, subscriber);
            }
        }
    }
}
