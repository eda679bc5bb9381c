using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Bench.PromQL;

/// <summary>One series of the data set: its labels and one cumulative value per 15 s step.</summary>
public sealed record BenchSeries(LabelSet Labels, double[] Values);

/// <summary>
/// The radar's metrics for a fleet of service instances: <c>hms_ach_latency_seconds_bucket{service,instance,le}</c>
/// (13 buckets) and <c>hms_http_requests_total{service,instance,code}</c> (5 codes), cumulative counters sampled
/// every <see cref="StepMs"/>. Deterministic for a seed, so the embedded store and Prometheus get identical samples.
/// </summary>
public sealed class RadarDataSet
{
    public const string Buckets = "hms_ach_latency_seconds_bucket";
    public const string Requests = "hms_http_requests_total";
    public const long StepMs = 15_000;
    public const int SeriesPerInstance = 18;

    private static readonly string[] Les = ["0.05", "0.1", "0.2", "0.3", "0.5", "1", "2", "3", "5", "8", "12", "20", "+Inf"];
    private static readonly (string Code, double Share)[] Codes = [("200", 0.90), ("201", 0.05), ("404", 0.03), ("500", 0.015), ("503", 0.005)];
    private static readonly string[] Services = ["ach-svc", "api-gw", "claims-api", "ledger", "notify", "payroll", "ident", "audit"];

    private RadarDataSet(long startMs, int points, IReadOnlyList<BenchSeries> series)
    {
        StartMs = startMs;
        Points = points;
        Series = series;
    }

    public long StartMs { get; }

    public int Points { get; }

    public long EndMs => StartMs + (Points - 1) * StepMs;

    public IReadOnlyList<BenchSeries> Series { get; }

    public long SampleCount => (long)Series.Count * Points;

    /// <summary>About <paramref name="targetSeries"/> series (whole instances of 18), ending at <paramref name="endMs"/>.</summary>
    public static RadarDataSet Generate(int targetSeries, TimeSpan span, long endMs, int seed = 42)
    {
        var points = (int)(span.Ticks / TimeSpan.FromMilliseconds(StepMs).Ticks) + 1;
        var startMs = endMs / StepMs * StepMs - (points - 1) * StepMs;
        var instances = Math.Max(1, (targetSeries + SeriesPerInstance - 1) / SeriesPerInstance);
        var random = new Random(seed);
        var series = new List<BenchSeries>(instances * SeriesPerInstance);
        for (var i = 0; i < instances; i++)
        {
            var service = Services[i % Services.Length];
            var instance = $"10.0.{i / Services.Length / 250}.{i / Services.Length % 250 + 1}:8080";
            AddInstance(series, service, instance, points, random);
        }
        return new RadarDataSet(startMs, points, series);
    }

    /// <summary>Loads every sample into the store as it is (cumulative values), exactly what Prometheus gets.</summary>
    public void LoadInto(TimeSeriesStore store)
    {
        var writes = new List<SeriesWrite>(Series.Count);
        for (var p = 0; p < Points; p++)
        {
            writes.Clear();
            var timestamp = StartMs + p * StepMs;
            foreach (var one in Series)
            {
                writes.Add(new SeriesWrite(one.Labels, IsCounter: false, one.Values[p], timestamp));
            }
            store.Apply(writes, p + 1);
        }
    }

    private static void AddInstance(List<BenchSeries> series, string service, string instance, int points, Random random)
    {
        var buckets = Les.Select(_ => new double[points]).ToArray();
        var codes = Codes.Select(_ => new double[points]).ToArray();
        var baseRate = 20 + random.NextDouble() * 80;          // requests per second
        var medianSeconds = 0.08 + random.NextDouble() * 0.4;  // this instance's typical latency
        for (var p = 0; p < points; p++)
        {
            // Slow waves plus noise, so rates and quantiles move over the window as on a real fleet.
            var wave = 1 + 0.3 * Math.Sin(p / 40.0 + baseRate);
            var requests = Math.Round(baseRate * wave * 15 * (0.9 + 0.2 * random.NextDouble()));
            var median = medianSeconds * (1 + 0.5 * Math.Sin(p / 25.0 + medianSeconds * 10)) * (0.9 + 0.2 * random.NextDouble());
            for (var b = 0; b < Les.Length; b++)
            {
                var fraction = b == Les.Length - 1 ? 1 : LogNormalCdf(double.Parse(Les[b], System.Globalization.CultureInfo.InvariantCulture), median, 0.8);
                buckets[b][p] = (p == 0 ? 0 : buckets[b][p - 1]) + Math.Round(requests * fraction);
            }
            for (var c = 0; c < Codes.Length; c++)
            {
                codes[c][p] = (p == 0 ? 0 : codes[c][p - 1]) + Math.Round(requests * Codes[c].Share * (0.5 + random.NextDouble()));
            }
        }
        for (var b = 0; b < Les.Length; b++)
        {
            series.Add(new BenchSeries(LabelSet.From(("__name__", Buckets), ("service", service), ("instance", instance), ("le", Les[b])), buckets[b]));
        }
        for (var c = 0; c < Codes.Length; c++)
        {
            series.Add(new BenchSeries(LabelSet.From(("__name__", Requests), ("service", service), ("instance", instance), ("code", Codes[c].Code)), codes[c]));
        }
    }

    private static double LogNormalCdf(double x, double median, double sigma) =>
        0.5 * (1 + Erf(Math.Log(x / median) / (sigma * Math.Sqrt(2))));

    // Abramowitz and Stegun 7.1.26: plenty for shaping synthetic bucket counts.
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
