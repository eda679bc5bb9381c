using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>
/// One subscriber's mailbox: at most one undelivered result (a newer one replaces it), delivered on the thread pool.
/// A slow callback therefore only delays its own deliveries and skips results it could not keep up with;
/// a throwing one is logged and still gets the next result. Nobody else waits for either.
/// </summary>
internal sealed class LiveSubscriber(Func<LiveQueryResult, Task> onResult, ILogger logger)
{
    private readonly Lock _gate = new();
    private LiveQueryResult? _pending;
    private long _newestSequence = -1;
    private bool _delivering;
    private bool _closed;

    /// <summary>Offers the result numbered <paramref name="sequence"/>; an older one than already offered is ignored.</summary>
    public void Offer(LiveQueryResult result, long sequence)
    {
        lock (_gate)
        {
            if (_closed || sequence <= _newestSequence)
            {
                return;
            }
            _newestSequence = sequence;
            _pending = result;
            if (_delivering)
            {
                return;
            }
            _delivering = true;
        }
        _ = Task.Run(DeliverAsync);
    }

    /// <summary>No more deliveries after this (a delivery already running finishes).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _pending = null;
        }
    }

    private async Task DeliverAsync()
    {
        while (true)
        {
            LiveQueryResult next;
            lock (_gate)
            {
                if (_pending is null || _closed)
                {
                    _pending = null;
                    _delivering = false;
                    return;
                }
                next = _pending;
                _pending = null;
            }
            try
            {
                await onResult(next).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live-query subscriber failed on {Query}", next.Query.Expr);
            }
        }
    }
}
