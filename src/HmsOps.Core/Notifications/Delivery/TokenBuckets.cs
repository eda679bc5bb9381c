namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// One token bucket per key (an integration, or a PagerDuty routing key): <c>perMinute</c> tokens, refilled evenly,
/// full at first. A delivery without a token waits for the next one instead of being sent and refused with 429.
/// Bounded by the number of configured integrations (keys come from configuration, not from alerts).
/// </summary>
public sealed class TokenBuckets(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes a token; when there is none, returns how long until there is one.</summary>
    public TimeSpan? TryTake(string key, int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var refillPerSecond = perMinute / 60.0;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var bucket) || bucket.Capacity != perMinute)
            {
                bucket = new Bucket(perMinute, perMinute, now);
            }
            var tokens = Math.Min(bucket.Capacity, bucket.Tokens + (now - bucket.At).TotalSeconds * refillPerSecond);
            if (tokens >= 1)
            {
                _buckets[key] = bucket with { Tokens = tokens - 1, At = now };
                return null;
            }
            _buckets[key] = bucket with { Tokens = tokens, At = now };
            return TimeSpan.FromSeconds(Math.Max((1 - tokens) / refillPerSecond, 0.001));
        }
    }

    private sealed record Bucket(int Capacity, double Tokens, DateTimeOffset At);
}

/// <summary>Exponential backoff with full jitter: a random wait between 0 and min(max, initial · 2^(attempt−1)).</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        var ceiling = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(ceiling, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * Math.Clamp(random, 0, 1));
    }
}
