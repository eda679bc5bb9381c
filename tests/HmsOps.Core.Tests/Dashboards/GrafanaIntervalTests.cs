using HmsOps.Core.Dashboards;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class GrafanaIntervalTests
{
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(3.6, 10)]
    [InlineData(300, 200)]
    [InlineData(1_000, 1_000)]
    [InlineData(3_600, 5_000)]
    [InlineData(14_000, 15_000)]
    [InlineData(86_400, 60_000)]
    [InlineData(604_800, 600_000)]
    [InlineData(4_000_000_000, 2_592_000_000)]
    public void Intervals_round_by_grafanas_table(double ms, long expected)
    {
        Assert.Equal(expected, GrafanaInterval.RoundIntervalMs(ms));
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "1m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(86_400_000, "1d")]
    [InlineData(604_800_000, "7d")]
    public void Intervals_print_in_their_largest_whole_unit(long ms, string expected)
    {
        Assert.Equal(expected, GrafanaInterval.Format(ms));
    }

    [Theory]
    // range, max data points → $__interval, $__rate_interval (scrape interval 15s, min interval 15s)
    [InlineData("00:05:00", 1000, "15s", "60s")]
    [InlineData("01:00:00", 1000, "15s", "60s")]
    [InlineData("06:00:00", 1000, "20s", "60s")]
    [InlineData("1.00:00:00", 1000, "1m", "75s")]
    [InlineData("7.00:00:00", 1000, "10m", "615s")]
    [InlineData("1.00:00:00", 100, "15m", "915s")]
    public void Interval_and_rate_interval_follow_grafanas_prometheus_rules(string range, int maxDataPoints, string interval, string rateInterval)
    {
        var intervals = GrafanaInterval.Calculate(TimeSpan.Parse(range, System.Globalization.CultureInfo.InvariantCulture), maxDataPoints, Scrape, Scrape);
        var globals = intervals.GlobalVariables();

        Assert.Equal(interval, globals["__interval"]);
        Assert.Equal(rateInterval, globals["__rate_interval"]);
    }

    [Fact]
    public void Range_variables_are_in_seconds_and_milliseconds()
    {
        var globals = GrafanaInterval.Calculate(TimeSpan.FromHours(1), 1000, Scrape, Scrape).GlobalVariables();

        Assert.Equal("3600s", globals["__range"]);
        Assert.Equal("3600", globals["__range_s"]);
        Assert.Equal("3600000", globals["__range_ms"]);
        Assert.Equal("15000", globals["__interval_ms"]);
    }

    [Fact]
    public void A_panel_minimum_interval_wins_over_a_finer_one()
    {
        var intervals = GrafanaInterval.Calculate(TimeSpan.FromMinutes(5), 1000, TimeSpan.FromMinutes(1), Scrape);

        Assert.Equal(60_000, intervals.IntervalMs);
        Assert.Equal(75_000, intervals.RateIntervalMs);
    }

    [Fact]
    public void A_step_never_asks_prometheus_for_more_than_11000_points()
    {
        var intervals = GrafanaInterval.Calculate(TimeSpan.FromDays(30), 100_000, TimeSpan.FromMilliseconds(1), Scrape);

        Assert.True(TimeSpan.FromDays(30).TotalMilliseconds / intervals.IntervalMs <= 11_000);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    public void Durations_parse(string text, long ms)
    {
        Assert.True(GrafanaInterval.TryParseDuration(text, out var duration));
        Assert.Equal(ms, (long)duration.TotalMilliseconds);
    }

    [Fact]
    public void Time_ranges_resolve_relative_to_now_and_absolute_as_written()
    {
        var now = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal((now.AddHours(-1), now), new TimeRangeSpec("now-1h", "now").Resolve(now));
        Assert.Equal((now.AddDays(-7), now), new TimeRangeSpec("now-7d", "now").Resolve(now));
        Assert.True(new TimeRangeSpec("now-5m", "now").IsRelative);
        var absolute = new TimeRangeSpec("2026-03-01T10:00:00Z", now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(absolute.IsRelative);
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), now), absolute.Resolve(now));
        Assert.Equal("Last 15m", new TimeRangeSpec("now-15m", "now").Describe());
    }
}
