using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>
/// The samples both engines are loaded with: 90 minutes of scrape-like data after a base time, from a seeded generator,
/// so every run sees the same values at the same offsets. Offsets that queries aim at (gaps, first and last samples)
/// are constants here; scrape jitter is whole seconds and never moves those.
/// </summary>
public static class DifferentialDataSet
{
    public const int DurationSeconds = 90 * 60;
    public const int Seed = 20261125;

    /// <summary>worker_up{worker="w2"} has no samples in [GapStart, GapEnd); its last one before the gap is at GapStart - 30.</summary>
    public const int WorkerGapStart = 2400;
    public const int WorkerGapEnd = 3300;

    /// <summary>worker_up{worker="w3"} stops for good: its last sample is at WorkerStopLast.</summary>
    public const int WorkerStopLast = 3570;

    /// <summary>jobs_processed_total starts here, from 0 (queue q1) and from 3 (queue q2): rate extrapolation stops at zero.</summary>
    public const int JobsStart = 600;

    /// <summary>worker_up{worker="w4"} starts here.</summary>
    public const int WorkerStart = 1800;

    /// <summary>http_requests_total{service="api",instance="i1",method="POST",code="500"} is silent for these scrape indexes.</summary>
    public const int CounterGapFirstScrape = 240;
    public const int CounterGapLastScrape = 279;

    public static readonly string[] Services = ["api", "web", "auth"];
    public static readonly string[] Instances = ["i1", "i2"];
    public static readonly string[] Buckets = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    public static IReadOnlyDictionary<string, OpenMetricsType> Types { get; } = new Dictionary<string, OpenMetricsType>
    {
        ["http_requests"] = OpenMetricsType.Counter,
        ["http_request_duration_seconds"] = OpenMetricsType.Histogram,
        ["temperature_celsius"] = OpenMetricsType.Gauge,
        ["sensor_reading"] = OpenMetricsType.Gauge,
        ["worker_up"] = OpenMetricsType.Gauge,
        ["job:http_requests:rate5m"] = OpenMetricsType.Gauge,
        ["service_info"] = OpenMetricsType.Gauge,
        ["instance_cpu_cores"] = OpenMetricsType.Gauge,
        ["jobs_processed"] = OpenMetricsType.Counter,
        ["label_probe"] = OpenMetricsType.Gauge,
    };

    public static IReadOnlyList<SeriesData> Generate(long baseMs)
    {
        var random = new Random(Seed);
        var all = new List<SeriesData>();
        Requests(random, baseMs, all);
        Durations(random, baseMs, all);
        Temperatures(random, baseMs, all);
        Sensors(random, baseMs, all);
        Workers(random, baseMs, all);
        Recorded(random, baseMs, all);
        Info(baseMs, all);
        Jobs(random, baseMs, all);
        Probes(baseMs, all);
        return all;
    }

    /// <summary>Counters per service, instance, method and code; some reset, one goes silent for ten minutes.</summary>
    private static void Requests(Random random, long baseMs, List<SeriesData> all)
    {
        foreach (var service in Services)
        {
            foreach (var instance in Instances)
            {
                foreach (var method in new[] { "GET", "POST" })
                {
                    foreach (var code in new[] { "200", "500" })
                    {
                        var labels = LabelSet.From(("__name__", "http_requests_total"), ("service", service),
                            ("instance", instance), ("method", method), ("code", code));
                        var silent = service == "api" && instance == "i1" && method == "POST" && code == "500";
                        var series = new Builder(labels);
                        double value = random.Next(0, 1000);
                        for (var k = 0; k * 15 + 2 < DurationSeconds; k++)
                        {
                            var increment = code == "200" ? random.Next(5, 51) : random.Next(0, 6);
                            var restarted = (service == "web" && instance == "i2" && k == 150)
                                || (service == "auth" && instance == "i1" && method == "GET" && code == "200" && k is 200 or 203);
                            value = restarted ? increment : value + increment;
                            var at = baseMs + (k * 15 + random.Next(0, 3)) * 1000L;
                            if (silent && k is >= CounterGapFirstScrape and <= CounterGapLastScrape)
                            {
                                continue;
                            }
                            series.Add(at, value);
                        }
                        all.Add(series.Build());
                    }
                }
            }
        }
    }

    /// <summary>Classic histograms per service and instance; one resets, one sees no requests for ten minutes.</summary>
    private static void Durations(Random random, long baseMs, List<SeriesData> all)
    {
        var scale = new Dictionary<string, double> { ["api"] = 0.4, ["web"] = 1.5, ["auth"] = 3 };
        var bounds = Buckets.Select(b => b == "+Inf" ? double.PositiveInfinity : double.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var service in Services)
        {
            foreach (var instance in Instances)
            {
                var bucketSeries = Buckets.Select(le => new Builder(LabelSet.From(("__name__", "http_request_duration_seconds_bucket"),
                    ("service", service), ("instance", instance), ("le", le)))).ToArray();
                var sumSeries = new Builder(LabelSet.From(("__name__", "http_request_duration_seconds_sum"), ("service", service), ("instance", instance)));
                var countSeries = new Builder(LabelSet.From(("__name__", "http_request_duration_seconds_count"), ("service", service), ("instance", instance)));
                var counts = new double[bounds.Length];
                var sum = 0d;
                for (var k = 0; k * 15 + 2 < DurationSeconds; k++)
                {
                    if (service == "web" && instance == "i1" && k == 180)
                    {
                        Array.Clear(counts);
                        sum = 0;
                    }
                    var observations = service == "auth" && instance == "i2" && k is >= 100 and < 140 ? 0 : random.Next(0, 21);
                    for (var i = 0; i < observations; i++)
                    {
                        var latency = Math.Round(Math.Pow(random.NextDouble(), 2) * scale[service], 3);
                        sum += latency;
                        for (var b = 0; b < bounds.Length; b++)
                        {
                            if (latency <= bounds[b])
                            {
                                counts[b]++;
                            }
                        }
                    }
                    var at = baseMs + (k * 15 + random.Next(0, 3)) * 1000L;
                    for (var b = 0; b < bounds.Length; b++)
                    {
                        bucketSeries[b].Add(at, counts[b]);
                    }
                    sumSeries.Add(at, Math.Round(sum, 3));
                    countSeries.Add(at, counts[^1]);
                }
                all.AddRange(bucketSeries.Select(b => b.Build()));
                all.Add(sumSeries.Build());
                all.Add(countSeries.Build());
            }
        }
    }

    /// <summary>Gauges every 30 s; the north site is below zero.</summary>
    private static void Temperatures(Random random, long baseMs, List<SeriesData> all)
    {
        var baseline = new Dictionary<string, double> { ["north"] = -8, ["south"] = 21, ["east"] = 4 };
        foreach (var (site, level) in baseline)
        {
            var series = new Builder(LabelSet.From(("__name__", "temperature_celsius"), ("site", site)));
            for (var k = 0; k * 30 < DurationSeconds; k++)
            {
                var value = Math.Round(level + 3 * Math.Sin(k / 20d) + random.NextDouble() * 2 - 1, 1);
                series.Add(baseMs + k * 30_000L, value);
            }
            all.Add(series.Build());
        }
    }

    /// <summary>Gauges with NaN (sensor a), +Inf and -Inf (sensor b), and plain negatives (sensor c).</summary>
    private static void Sensors(Random random, long baseMs, List<SeriesData> all)
    {
        foreach (var sensor in new[] { "a", "b", "c" })
        {
            var series = new Builder(LabelSet.From(("__name__", "sensor_reading"), ("sensor", sensor)));
            for (var k = 0; k * 15 + 2 < DurationSeconds; k++)
            {
                var value = Math.Round(random.NextDouble() * 100 - 50, 2);
                value = (sensor, k) switch
                {
                    ("a", _) when k % 37 == 5 => double.NaN,
                    ("b", >= 230 and <= 234) => double.PositiveInfinity,
                    ("b", 250) => double.NegativeInfinity,
                    _ => value,
                };
                series.Add(baseMs + (k * 15 + random.Next(0, 3)) * 1000L, value);
            }
            all.Add(series.Build());
        }
    }

    /// <summary>Up/down gauges every 30 s: w2 has a 15-minute gap, w3 stops, w4 starts late.</summary>
    private static void Workers(Random random, long baseMs, List<SeriesData> all)
    {
        foreach (var (worker, pool) in new[] { ("w1", "p1"), ("w2", "p1"), ("w3", "p2"), ("w4", "p2") })
        {
            var series = new Builder(LabelSet.From(("__name__", "worker_up"), ("worker", worker), ("pool", pool)));
            for (var at = 0; at < DurationSeconds; at += 30)
            {
                var value = random.Next(0, 10) == 0 ? 0 : 1;
                var present = worker switch
                {
                    "w2" => at is < WorkerGapStart or >= WorkerGapEnd,
                    "w3" => at <= WorkerStopLast,
                    "w4" => at >= WorkerStart,
                    _ => true,
                };
                if (present)
                {
                    series.Add(baseMs + at * 1000L, value);
                }
            }
            all.Add(series.Build());
        }
    }

    /// <summary>A recording-rule style gauge whose name has colons.</summary>
    private static void Recorded(Random random, long baseMs, List<SeriesData> all)
    {
        foreach (var service in Services)
        {
            var series = new Builder(LabelSet.From(("__name__", "job:http_requests:rate5m"), ("service", service)));
            for (var at = 0; at < DurationSeconds; at += 30)
            {
                series.Add(baseMs + at * 1000L, Math.Round(random.NextDouble() * 100, 3));
            }
            all.Add(series.Build());
        }
    }

    /// <summary>Info-style series for group_left/group_right joins: one per service, and one per service and instance.</summary>
    private static void Info(long baseMs, List<SeriesData> all)
    {
        var teams = new Dictionary<string, string> { ["api"] = "core", ["web"] = "frontend", ["auth"] = "core" };
        var cores = new[] { 2d, 4d, 8d, 16d, 2d, 4d };
        var n = 0;
        foreach (var service in Services)
        {
            var info = new Builder(LabelSet.From(("__name__", "service_info"), ("service", service), ("team", teams[service]), ("version", "1." + n)));
            foreach (var instance in Instances)
            {
                var cpu = new Builder(LabelSet.From(("__name__", "instance_cpu_cores"), ("service", service), ("instance", instance)));
                for (var at = 0; at < DurationSeconds; at += 60)
                {
                    cpu.Add(baseMs + at * 1000L, cores[n]);
                }
                all.Add(cpu.Build());
                n++;
            }
            for (var at = 0; at < DurationSeconds; at += 60)
            {
                info.Add(baseMs + at * 1000L, 1);
            }
            all.Add(info.Build());
        }
    }

    /// <summary>Counters that start late and near zero, where Prometheus limits extrapolation to the counter's zero point.</summary>
    private static void Jobs(Random random, long baseMs, List<SeriesData> all)
    {
        foreach (var (queue, start) in new[] { ("q1", 0d), ("q2", 3d) })
        {
            var series = new Builder(LabelSet.From(("__name__", "jobs_processed_total"), ("queue", queue)));
            var value = start;
            for (var at = JobsStart; at < DurationSeconds; at += 15)
            {
                series.Add(baseMs + (at + random.Next(0, 3)) * 1000L, value);
                value += random.Next(1, 8);
            }
            all.Add(series.Build());
        }
    }

    /// <summary>
    /// Label values that regex dialects disagree on: a non-ASCII digit and letter (Go's \d and \w are ASCII only),
    /// a newline (Go's . and $ do not cross it), quotes and a backslash (escaped in OpenMetrics text).
    /// </summary>
    private static void Probes(long baseMs, List<SeriesData> all)
    {
        string[] values = ["zone3", "zone\u0663", "\u03a9mega", "a\nb", "say \"hi\" \\o/"];
        for (var n = 0; n < values.Length; n++)
        {
            var series = new Builder(LabelSet.From(("__name__", "label_probe"), ("site", values[n])));
            for (var at = 0; at < DurationSeconds; at += 60)
            {
                series.Add(baseMs + at * 1000L, n);
            }
            all.Add(series.Build());
        }
    }

    private sealed class Builder(LabelSet labels)
    {
        private readonly List<long> _timestamps = [];
        private readonly List<double> _values = [];

        public void Add(long timestampMs, double value)
        {
            _timestamps.Add(timestampMs);
            _values.Add(value);
        }

        public SeriesData Build() => new(labels, [.. _timestamps], [.. _values]);
    }
}
