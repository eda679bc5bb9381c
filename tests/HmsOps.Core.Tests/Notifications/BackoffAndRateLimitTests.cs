using HmsOps.Core.Notifications.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Notifications;

public sealed class BackoffAndRateLimitTests
{
    [Theory]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 1.0, 2000)]
    [InlineData(5, 1.0, 16000)]
    [InlineData(20, 1.0, 300000)]
    [InlineData(3, 0.25, 1000)]
    [InlineData(3, 0.0, 0)]
    public void Backoff_IsFullJitterUnderADoublingCeiling(int attempt, double random, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs),
            Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), random));

    [Fact]
    public void TokenBucket_AllowsABurstOfItsSize_ThenOneTokenPerInterval()
    {
        var time = new FakeTimeProvider(SampleNotifications.Start);
        var buckets = new TokenBuckets(time);
        Assert.Null(buckets.TryTake("pd", 120));
        for (var i = 1; i < 120; i++)
        {
            Assert.Null(buckets.TryTake("pd", 120));
        }
        Assert.Equal(TimeSpan.FromSeconds(0.5), buckets.TryTake("pd", 120));
        Assert.Null(buckets.TryTake("other", 120));
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(buckets.TryTake("pd", 120));
        Assert.NotNull(buckets.TryTake("pd", 120));
    }
}
