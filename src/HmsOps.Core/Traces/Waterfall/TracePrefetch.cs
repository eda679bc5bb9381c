namespace HmsOps.Core.Traces.Waterfall;

/// <summary>A trace as read and built into a tree, ready to lay out.</summary>
public sealed record TraceRead(TraceLookup Lookup, TraceTree Tree);

/// <summary>
/// Reads a trace while the browser is still loading the prerendered page, so the interactive render finds it read
/// and built instead of starting then (for a 10,000-span trace, a few hundred milliseconds off time-to-interactive).
/// An entry listens for new spans of its trace from before its read starts: if any arrive before it is taken, the
/// taker reads again, so a prefetched trace is never staler than a fresh read. At most <see cref="MaxEntries"/>
/// reads are held, each for <see cref="KeepFor"/> (a page never opened by a browser costs one read, then nothing).
/// </summary>
public sealed class TracePrefetch(ITraceReader reader, TimeProvider time)
{
    public const int MaxEntries = 16;
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public void Start(string traceId)
    {
        lock (_lock)
        {
            Evict();
            if (_entries.ContainsKey(traceId) || _entries.Count >= MaxEntries)
            {
                return;
            }
            var entry = new Entry(time.GetTimestamp());
            entry.Subscription = reader.SubscribeTrace(traceId, () =>
            {
                entry.Stale = true;
                return Task.CompletedTask;
            });
            entry.Read = Task.Run(() => ReadAsync(traceId, CancellationToken.None));
            _entries[traceId] = entry;
        }
    }

    /// <summary>The prefetched read when it is still current, else a fresh one.</summary>
    public async Task<TraceRead?> TakeOrReadAsync(string traceId, CancellationToken cancellationToken)
    {
        Entry? entry;
        lock (_lock)
        {
            _entries.Remove(traceId, out entry);
        }
        if (entry is not null)
        {
            entry.Subscription?.Dispose();
            try
            {
                var read = await entry.Read!.WaitAsync(cancellationToken);
                if (!entry.Stale && time.GetElapsedTime(entry.StartedAt) < KeepFor)
                {
                    return read;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The early read failed; the fresh one below says why, on the page that asked.
            }
        }
        return await ReadAsync(traceId, cancellationToken);
    }

    public async Task<TraceRead?> ReadAsync(string traceId, CancellationToken cancellationToken)
    {
        var lookup = await reader.GetTraceAsync(traceId, cancellationToken);
        return lookup is null || lookup.Spans.Count == 0 ? null : new TraceRead(lookup, TraceTree.Build(lookup.Spans));
    }

    private void Evict()
    {
        foreach (var (traceId, entry) in _entries.Where(e => time.GetElapsedTime(e.Value.StartedAt) >= KeepFor).ToList())
        {
            entry.Subscription?.Dispose();
            _entries.Remove(traceId);
        }
    }

    private sealed class Entry(long startedAt)
    {
        public long StartedAt { get; } = startedAt;

        public Task<TraceRead?>? Read { get; set; }

        public IDisposable? Subscription { get; set; }

        public volatile bool Stale;
    }
}
