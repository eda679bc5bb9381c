using HmsOps.Core.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Radar;

/// <summary>
/// Computes the radar once per tick for every viewer and tells subscribers a new snapshot is ready.
/// Viewers never query the store themselves, so a hundred open browsers cost one computation.
/// </summary>
public sealed class RadarFeed(RadarOptions options, TimeSeriesStore store, TimeProvider time, ILogger<RadarFeed> logger)
    : BackgroundService
{
    private readonly RadarCalculator _calculator = new(options);
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.None;

    public RadarSnapshot Current { get; private set; } = RadarSnapshot.Empty;

    /// <summary>Calls <paramref name="onUpdate"/> after each new snapshot until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<Task> onUpdate)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Add(onUpdate);
        }
        return new Subscription(this, onUpdate);
    }

    public int SubscriberCount => _subscribers.Handlers.Length;

    /// <summary>Computes a snapshot now (also what each tick does).</summary>
    public RadarSnapshot Refresh()
    {
        Current = _calculator.Compute(store, time.GetUtcNow());
        return Current;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        do
        {
            try
            {
                Refresh();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Radar computation failed; keeping the previous snapshot");
                continue;
            }
            foreach (var handler in _subscribers.Handlers)
            {
                _ = NotifyAsync(handler);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task NotifyAsync(Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A radar subscriber failed");
        }
    }

    private void Unsubscribe(Func<Task> handler)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(handler);
        }
    }

    private sealed record ImmutableSubscribers(Func<Task>[] Handlers)
    {
        public static readonly ImmutableSubscribers None = new([]);
        public ImmutableSubscribers Add(Func<Task> handler) => new([.. Handlers, handler]);
        public ImmutableSubscribers Remove(Func<Task> handler) => new(Handlers.Where(h => h != handler).ToArray());
    }

    private sealed class Subscription(RadarFeed feed, Func<Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unsubscribe(handler);
            }
        }
    }
}
