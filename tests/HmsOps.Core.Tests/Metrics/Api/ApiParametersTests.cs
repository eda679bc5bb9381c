using HmsOps.Core.Metrics.Api;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class ApiParametersTests
{
    [Theory]
    [InlineData("1700000000", 1_700_000_000_000L)]
    [InlineData("1700000000.123", 1_700_000_000_123L)]
    [InlineData("1700000000.1236", 1_700_000_000_124L)]
    [InlineData("2023-11-14T22:13:20Z", 1_700_000_000_000L)]
    [InlineData("2023-11-14T22:13:20.5Z", 1_700_000_000_500L)]
    [InlineData("2023-11-14T23:13:20+01:00", 1_700_000_000_000L)]
    public void Times_are_unix_seconds_or_rfc3339(string text, long expectedMs)
    {
        Assert.True(ApiParameters.TryParseTime(text, out var time));
        Assert.Equal(expectedMs, time.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("2023-11-14")]
    [InlineData("1e300")]
    public void Bad_times_are_refused(string text) => Assert.False(ApiParameters.TryParseTime(text, out _));

    [Theory]
    [InlineData("15", 15_000L)]
    [InlineData("0.5", 500L)]
    [InlineData("-3", -3_000L)]
    [InlineData("15s", 15_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("1d", 86_400_000L)]
    [InlineData("1w", 604_800_000L)]
    [InlineData("100ms", 100L)]
    [InlineData("0", 0L)]
    public void Durations_are_float_seconds_or_prometheus_durations(string text, long expectedMs)
    {
        Assert.True(ApiParameters.TryParseDuration(text, out var duration));
        Assert.Equal(expectedMs, (long)duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("5 m")]
    [InlineData("1m1h")]
    [InlineData("-5m")]
    public void Bad_durations_are_refused(string text) => Assert.False(ApiParameters.TryParseDuration(text, out _));

    [Fact]
    public void Messages_quote_the_text_as_prometheus_does()
    {
        Assert.Equal("invalid parameter \"start\": cannot parse \"x\\\"y\" to a valid timestamp", ApiParameters.BadTime("start", "x\"y"));
        Assert.Equal("invalid parameter \"step\": cannot parse \"\" to a valid duration", ApiParameters.BadDuration("step", null));
    }
}
