using System.Diagnostics;

namespace HmsOps.EndToEnd.Tests;

/// <summary>Polls a value read from the page until it satisfies a condition or the deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string expectation)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }
            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException($"expected {expectation} within {timeout.TotalSeconds:0} s; last seen: {value}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
