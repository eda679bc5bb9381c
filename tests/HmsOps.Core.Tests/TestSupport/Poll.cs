namespace HmsOps.Core.Tests.TestSupport;

/// <summary>Waits for a condition by polling it, failing at a deadline instead of sleeping a guessed time.</summary>
internal static class Poll
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting until {what}");
            }
            await Task.Delay(10);
        }
    }
}
