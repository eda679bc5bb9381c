using System.Globalization;
using HmsOps.Core.Metrics;
using HmsOps.Core.Radar;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests;

/// <summary>Fills a real time-series store with the latency histogram and request counters a service sends.</summary>
public static class RadarSamples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly double[] Bounds = [0.1, 0.25, 0.5, 1, 2.5, 5, double.PositiveInfinity];

    private static long _sequence;

    public static TimeSeriesStore EmptyStore() => new(new MetricsOptions());

    /// <summary>Records one request per duration (seconds) at <paramref name="at"/>; the first <paramref name="serverErrors"/> answered 500.</summary>
    public static void Record(TimeSeriesStore store, RadarOptions options, string service, DateTimeOffset at,
        IReadOnlyList<double> durations, int serverErrors = 0)
    {
        var timestamp = at.ToUnixTimeMilliseconds();
        var writes = new List<SeriesWrite>();
        foreach (var bound in Bounds)
        {
            var le = double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);
            var labels = LabelSet.From(
                (LabelSet.MetricNameLabel, options.LatencyMetric + "_bucket"), ("service", service), ("le", le));
            writes.Add(new SeriesWrite(labels, IsCounter: true, durations.Count(d => d <= bound), timestamp));
        }
        writes.Add(new SeriesWrite(Requests(options, service, "200"), IsCounter: true, durations.Count - serverErrors, timestamp));
        writes.Add(new SeriesWrite(Requests(options, service, "500"), IsCounter: true, serverErrors, timestamp));
        store.Apply(writes, Interlocked.Increment(ref _sequence));
    }

    public static double[] Repeat(double seconds, int count) => Enumerable.Repeat(seconds, count).ToArray();

    private static LabelSet Requests(RadarOptions options, string service, string code) =>
        LabelSet.From((LabelSet.MetricNameLabel, options.RequestsMetric), ("service", service), ("code", code));
}
