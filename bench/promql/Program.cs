using System.CommandLine;
using HmsOps.Bench.PromQL;

var sizes = new Option<int[]>("--sizes")
{
    Description = "Series counts to run, one data set and one Prometheus each",
    DefaultValueFactory = _ => [1_000, 10_000],
    AllowMultipleArgumentsPerToken = true,
};
var hours = new Option<double>("--hours") { Description = "Hours of data at 15 s (at least 1.1: range queries cover the last hour)", DefaultValueFactory = _ => 2 };
var iterations = new Option<int>("--iterations") { Description = "Measured runs per query and target", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured runs per query and target first", DefaultValueFactory = _ => 5 };
var prometheus = new Option<string>("--prometheus") { Description = "The Prometheus binary", DefaultValueFactory = _ => "/usr/bin/prometheus" };
var promtool = new Option<string>("--promtool") { Description = "The promtool binary", DefaultValueFactory = _ => "/usr/bin/promtool" };
var consoleDll = new Option<string?>("--console-dll") { Description = "A console build to time over its Prometheus-compatible HTTP API too (skipped when absent or without the API)" };

iterations.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--iterations must be at least 1"); } });
warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--warmup must not be negative"); } });
hours.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 1.1 or > 48) { r.AddError("--hours must be between 1.1 and 48"); } });
sizes.Validators.Add(r => { if (r.GetValueOrDefault<int[]>() is not { Length: > 0 } s || s.Any(n => n < 18)) { r.AddError("--sizes must list series counts of at least 18"); } });

var root = new RootCommand("Radar PromQL latency: the embedded engine in-process vs a real Prometheus loaded with the same samples")
{
    sizes, hours, iterations, warmup, prometheus, promtool, consoleDll,
};
root.SetAction(async (result, cancellation) =>
{
    try
    {
        return await PromqlBenchmark.RunAsync(new PromqlBenchOptions
        {
            Sizes = result.GetValue(sizes)!,
            Span = TimeSpan.FromHours(result.GetValue(hours)),
            Iterations = result.GetValue(iterations),
            Warmup = result.GetValue(warmup),
            Prometheus = result.GetValue(prometheus)!,
            Promtool = result.GetValue(promtool)!,
            ConsoleDll = result.GetValue(consoleDll),
        }, cancellation);
    }
    catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or HttpRequestException)
    {
        await Console.Error.WriteLineAsync($"bench promql: could not run: {ex.Message}");
        return 2;
    }
});
return await root.Parse(args).InvokeAsync();
