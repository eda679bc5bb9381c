using System.Globalization;
using System.Text;
using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Bench.Rules;

/// <summary>
/// The data set: <c>services</c> services with <c>instances</c> instances each; per instance a latency gauge and a request
/// counter, so series = 2 x services x instances. Samples every 15 s, as a scrape would write them.
/// </summary>
public sealed class RuleBenchData(int series, int rules, int seed)
{
    public const string Gauge = "bench_latency_seconds";
    public const string Counter = "bench_requests_total";
    private const int InstancesPerService = 10;

    private readonly Random _random = new(seed);

    public int Services { get; } = Math.Max(1, series / 2 / InstancesPerService);

    public int Series => Services * InstancesPerService * 2;

    public void Write(TimeSeriesStore store, long timestampMs, long step)
    {
        var writes = new List<SeriesWrite>(Series);
        for (var s = 0; s < Services; s++)
        {
            for (var i = 0; i < InstancesPerService; i++)
            {
                var labels = (string name) => LabelSet.From(("__name__", name), ("service", Service(s)), ("instance", $"i-{i}"), ("job", "bench"));
                // A few services run hot so some rules fire, most stay quiet.
                var hot = s % 10 == 0;
                writes.Add(new SeriesWrite(labels(Gauge), false, (hot ? 2.0 : 0.2) + _random.NextDouble() * 0.1, timestampMs));
                writes.Add(new SeriesWrite(labels(Counter), false, step * (hot ? 40 : 10) + _random.Next(5), timestampMs));
            }
        }
        store.Apply(writes, 0);
    }

    /// <summary>Rule files' text: groups of up to 100 rules, three kinds of expression in turn, each rule on one service.</summary>
    public IReadOnlyList<string> RuleFiles()
    {
        var files = new List<string>();
        var text = new StringBuilder("groups:\n");
        for (var r = 0; r < rules; r++)
        {
            if (r % 100 == 0)
            {
                if (r > 0 && r % 500 == 0)
                {
                    files.Add(text.ToString());
                    text.Clear().Append("groups:\n");
                }
                text.Append(CultureInfo.InvariantCulture, $"  - name: bench-{r / 100}\n    rules:\n");
            }
            var service = Service(r % Services);
            var expr = (r % 3) switch
            {
                0 => $"{Gauge}{{service=\"{service}\"}} > 1",
                1 => $"rate({Counter}{{service=\"{service}\"}}[5m]) > 2",
                _ => $"sum by (service) (rate({Counter}{{service=\"{service}\"}}[5m])) > 20",
            };
            text.Append(CultureInfo.InvariantCulture, $"""
                      - alert: BenchRule{r}
                        expr: '{expr}'
                        for: 1m
                        labels:
                          severity: warning
                          rule: "r{r}"
                        annotations:
                          summary: '{"{{"} $labels.service {"}}"} at {"{{"} $value | humanize {"}}"}'

                """);
        }
        files.Add(text.ToString());
        return files;
    }

    private static string Service(int s) => $"svc-{s:D4}";
}
