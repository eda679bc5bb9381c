using System.Globalization;

namespace HmsOps.Prometheus;

/// <summary>Renders times and durations as the Prometheus API parameters expect them.</summary>
public static class PrometheusFormat
{
    /// <summary>Unix seconds with millisecond precision, the resolution Prometheus stores.</summary>
    public static string Time(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Float seconds, which Prometheus accepts wherever it accepts a duration.</summary>
    public static string Duration(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return ((decimal)duration.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset FromUnixSeconds(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000d));
}
