namespace HmsOps.Console.Components.Controls;

/// <summary>
/// At most one render per interval: a notification while a render is already queued is dropped,
/// and one arriving too soon after the last render waits out the rest of the interval.
/// </summary>
public sealed class RenderThrottle(TimeSpan interval, TimeProvider time, Func<Task> render)
{
    private int _queued;
    private long _lastRenderTimestamp;

    public async Task NotifyAsync()
    {
        if (Interlocked.Exchange(ref _queued, 1) == 1)
        {
            return;
        }
        try
        {
            var sinceLast = time.GetElapsedTime(Interlocked.Read(ref _lastRenderTimestamp));
            if (_lastRenderTimestamp != 0 && sinceLast < interval)
            {
                await Task.Delay(interval - sinceLast, time).ConfigureAwait(false);
            }
            Interlocked.Exchange(ref _lastRenderTimestamp, time.GetTimestamp());
        }
        finally
        {
            // Cleared before rendering, never after: a notification arriving during the render queues the
            // one trailing render that shows it, and clearing later would let a second one queue beside it.
            Volatile.Write(ref _queued, 0);
        }
        await render().ConfigureAwait(false);
    }
}
