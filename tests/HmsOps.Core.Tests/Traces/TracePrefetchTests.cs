using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.Extensions.Time.Testing;
using static HmsOps.Core.Tests.Traces.Spans;

namespace HmsOps.Core.Tests.Traces;

public sealed class TracePrefetchTests
{
    private readonly CountingReader _reader = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task The_interactive_render_takes_the_read_the_prerender_started()
    {
        _reader.Spans.Add(Span("0000000000000001", null, 0, 100));
        var prefetch = new TracePrefetch(_reader, _time);

        prefetch.Start(TraceId);
        var read = await prefetch.TakeOrReadAsync(TraceId, CancellationToken.None);

        Assert.Equal(1, _reader.Reads);
        Assert.Equal(1, read!.Tree.SpanCount);
        Assert.Equal(0, prefetch.Count);
        Assert.Equal(0, _reader.Subscribers);
    }

    [Fact]
    public async Task Spans_stored_after_the_early_read_make_the_taker_read_again()
    {
        _reader.Spans.Add(Span("0000000000000001", null, 0, 100));
        var prefetch = new TracePrefetch(_reader, _time);
        prefetch.Start(TraceId);

        await _reader.StoreAsync(Span("0000000000000002", "0000000000000001", 10, 10));
        var read = await prefetch.TakeOrReadAsync(TraceId, CancellationToken.None);

        Assert.Equal(2, read!.Tree.SpanCount);
    }

    [Fact]
    public async Task A_read_nobody_took_in_time_is_dropped_and_the_entries_are_bounded()
    {
        _reader.Spans.Add(Span("0000000000000001", null, 0, 100));
        var prefetch = new TracePrefetch(_reader, _time);
        for (var i = 0; i < TracePrefetch.MaxEntries + 5; i++)
        {
            prefetch.Start(i.ToString("x32"));
        }
        Assert.Equal(TracePrefetch.MaxEntries, prefetch.Count);

        _time.Advance(TracePrefetch.KeepFor);
        prefetch.Start(TraceId);

        Assert.Equal(1, prefetch.Count);
        Assert.Equal(1, _reader.Subscribers);
        Assert.NotNull(await prefetch.TakeOrReadAsync(TraceId, CancellationToken.None));
        Assert.Null(await prefetch.TakeOrReadAsync("ffffffffffffffffffffffffffffffff", CancellationToken.None));
    }

    private sealed class CountingReader : ITraceReader
    {
        private readonly List<Func<Task>> _subscribers = [];
        private int _reads;

        public List<SpanEvent> Spans { get; } = [];

        public int Reads => Volatile.Read(ref _reads);

        public int Subscribers
        {
            get
            {
                lock (_subscribers)
                {
                    return _subscribers.Count;
                }
            }
        }

        public Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            List<SpanEvent> spans;
            lock (Spans)
            {
                spans = [.. Spans.Where(s => s.TraceId == traceId)];
            }
            return Task.FromResult(spans.Count == 0 ? null : new TraceLookup(traceId, spans, false));
        }

        public Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TraceSummary>>([]);

        public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans)
        {
            lock (_subscribers)
            {
                _subscribers.Add(onNewSpans);
            }
            return new Unsubscribe(() =>
            {
                lock (_subscribers)
                {
                    _subscribers.Remove(onNewSpans);
                }
            });
        }

        public async Task StoreAsync(SpanEvent span)
        {
            lock (Spans)
            {
                Spans.Add(span);
            }
            Func<Task>[] callbacks;
            lock (_subscribers)
            {
                callbacks = [.. _subscribers];
            }
            foreach (var callback in callbacks)
            {
                await callback();
            }
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
