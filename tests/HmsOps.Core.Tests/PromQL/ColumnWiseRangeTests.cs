using System.Globalization;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

/// <summary>
/// Range queries evaluated column-wise (all steps of a series at once, in parallel) must give exactly the result of
/// evaluating step by step: same series, timestamps and bit-identical values, or the same error.
/// </summary>
public sealed class ColumnWiseRangeTests
{
    private const long StartMs = 600_000;
    private const long EndMs = 3_600_000;

    public static TheoryData<string, long> Queries => new()
    {
        { "c_total", 15_000 },
        { "c_total offset 2m", 60_000 },
        { "g", 10_000 },
        { "rate(c_total[1m])", 15_000 },
        { "rate(c_total[5m] offset 3m)", 30_000 },
        { "increase(c_total[2m])", 15_000 },
        { "delta(g[3m])", 20_000 },
        { "irate(c_total[1m])", 15_000 },
        { "idelta(g[1m])", 15_000 },
        { "sum_over_time(g[2m])", 15_000 },
        { "avg_over_time(g[5m])", 15_000 },
        { "min_over_time(g[1m])", 7_000 },
        { "max_over_time(g[1m])", 7_000 },
        { "count_over_time(c_total[1m])", 15_000 },
        { "last_over_time(c_total[1m])", 15_000 },
        { "quantile_over_time(0.9, g[5m])", 15_000 },
        { "sum(rate(c_total[1m]))", 15_000 },
        { "sum by (svc) (rate(c_total[1m]))", 15_000 },
        { "sum without (inst) (rate(c_total[1m]))", 15_000 },
        { "avg by (svc) (g)", 15_000 },
        { "min by (inst) (g)", 15_000 },
        { "max by (inst) (g)", 15_000 },
        { "count by (svc) (c_total)", 15_000 },
        { "group by (svc) (c_total)", 15_000 },
        { "stddev by (svc) (rate(c_total[2m]))", 15_000 },
        { "stdvar(g)", 15_000 },
        { "sum(sum by (svc, inst) (rate(c_total[1m])))", 15_000 },
        { "sum by (le) (rate(h_bucket[1m]))", 15_000 },
        { "histogram_quantile(0.95, sum by (le, svc) (rate(h_bucket[1m])))", 15_000 },
        { "histogram_quantile(0.5, rate(h_bucket[2m]))", 15_000 },
        { "histogram_quantile(0.99, sum by (le) (rate(h_bucket[1m])))", 60_000 },
        { "histogram_quantile(0.9, sum by (le, svc) (rate({__name__=~\"h_bucket|h2_bucket\"}[1m])))", 15_000 },
        { "rate({__name__=~\"c_total|other_total\"}[1m])", 15_000 },
        { "sum(rate({__name__=~\"c_total|other_total\"}[1m]))", 15_000 },
        { "topk(2, rate(c_total[1m]))", 15_000 },
        { "sum(rate(c_total[1m])) / sum(rate(c_total[5m]))", 15_000 },
        { "max_over_time(g[1m:20s])", 60_000 },
        { "sum by (svc) (rate(c_total{inst!=\"i0\"}[1m])) / sum by (svc) (rate(c_total[1m]))", 15_000 },
        { "sum(sum by (inst) (g) * 2)", 15_000 },
        { "topk(1, avg by (svc) (g))", 15_000 },
        { "sum(rate(c_total[1m])) + scalar(count(c_total))", 15_000 },
        { "max_over_time(sum by (svc) (c_total)[2m:30s])", 60_000 },
        { "sum(sum by (svc) (gg))", 15_000 },
        { "avg(sum by (svc) (gg) * 3)", 15_000 },
        { "sum(histogram_quantile(0.9, sum by (le, svc) (rate(h_bucket[1m]))))", 15_000 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Column_wise_range_evaluation_gives_the_step_by_step_result_exactly(string query, long stepMs)
    {
        var fixture = Fleet();

        var columnWise = Run(fixture.Engine(columnWise: true), query, stepMs);
        var stepwise = Run(fixture.Engine(columnWise: false), query, stepMs);

        Assert.Equal(stepwise, columnWise);
        Assert.NotEmpty(stepwise);
    }

    [Fact]
    public void Column_wise_evaluation_refuses_more_samples_than_allowed_as_step_by_step_does()
    {
        var fixture = Fleet();
        fixture.Options.MaxSamples = 20_000;

        var error = Assert.Throws<PromQLException>(() => fixture.Engine().Range("sum by (svc, inst) (rate(c_total[1m]))", StartMs, EndMs, 1_000, default));

        Assert.Equal("query processing would load too many samples into memory in query execution", error.Message);
    }

    /// <summary>The result as text lines with each value's exact bits, or the error.</summary>
    private static List<string> Run(PromQLEngine engine, string query, long stepMs)
    {
        try
        {
            var result = Assert.IsType<MatrixResult>(engine.Range(query, StartMs, EndMs, stepMs, default));
            return result.Series
                .Select(s => s.Labels.Key + " " + string.Join(",", s.Timestamps.Zip(s.Values,
                    (t, v) => t.ToString(CultureInfo.InvariantCulture) + "=" + BitConverter.DoubleToInt64Bits(v).ToString("x", CultureInfo.InvariantCulture))))
                .ToList();
        }
        catch (PromQLException e)
        {
            return ["error: " + e.Message];
        }
    }

    /// <summary>
    /// Counters with resets, jittered scrapes and gaps; gauges with NaN and infinities; histograms in two metrics; a
    /// counter that differs from another only by name (so rate's output labels could collide).
    /// </summary>
    private static EngineFixture Fleet()
    {
        var random = new Random(42);
        var fixture = new EngineFixture();
        string[] buckets = ["0.1", "0.5", "1", "+Inf"];
        for (var svc = 0; svc < 3; svc++)
        {
            for (var inst = 0; inst < 4; inst++)
            {
                var labels = $"svc=\"s{svc}\",inst=\"i{inst}\"";
                var from = inst == 3 ? 1_500 : 0;
                var to = inst == 2 ? 2_800 : 3_700;
                fixture.Series($"c_total{{{labels}}}", Counter(random, from, to));
                fixture.Series($"g{{{labels}}}", Gauge(random, from, to));
                var cumulative = Counter(random, from, to);
                foreach (var le in buckets)
                {
                    fixture.Series($"h_bucket{{{labels},le=\"{le}\"}}", cumulative);
                    cumulative = cumulative.Select(s => (s.Seconds, s.Value + random.Next(0, 5))).ToArray();
                }
                if (svc == 0)
                {
                    foreach (var le in buckets)
                    {
                        fixture.Series($"h2_bucket{{{labels},le=\"{le}\"}}", Counter(random, from, to));
                    }
                }
            }
        }
        fixture.Series("other_total{svc=\"s0\",inst=\"i0\"}", Counter(random, 2_000, 2_400));
        // The first row of group s0 is missing for a while, so the groups' first-seen order changes between steps.
        fixture.Series("gg{svc=\"s0\",inst=\"i0\"}", Gauge(random, 0, 2_000));
        fixture.Series("gg{svc=\"s1\",inst=\"i0\"}", Gauge(random, 0, 3_700));
        fixture.Series("gg{svc=\"s0\",inst=\"i1\"}", Gauge(random, 0, 3_700));
        fixture.Series("gg{svc=\"s1\",inst=\"i1\"}", Gauge(random, 0, 3_700));
        fixture.Series("gg{svc=\"s2\",inst=\"i0\"}", Gauge(random, 0, 3_700));
        fixture.Series("gg{svc=\"s2\",inst=\"i1\"}", Gauge(random, 0, 3_700));
        return fixture;
    }

    private static (double Seconds, double Value)[] Counter(Random random, int fromSeconds, int toSeconds)
    {
        var samples = new List<(double, double)>();
        double value = 0;
        for (var t = fromSeconds; t < toSeconds; t += 15)
        {
            if (t % 1_000 is > 400 and < 460)
            {
                continue; // a gap of missed scrapes
            }
            value = random.Next(100) == 0 ? random.Next(5) : value + random.NextDouble() * 10;
            samples.Add((t + random.Next(0, 3) / 10.0, value));
        }
        return samples.ToArray();
    }

    private static (double Seconds, double Value)[] Gauge(Random random, int fromSeconds, int toSeconds)
    {
        var samples = new List<(double, double)>();
        for (var t = fromSeconds; t < toSeconds; t += 10)
        {
            var value = random.Next(60) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => double.NegativeInfinity,
                _ => random.NextDouble() * 100 - 20,
            };
            samples.Add((t, value));
        }
        return samples.ToArray();
    }
}
