using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HmsOps.Bench.Ingest;
using HmsOps.Bench.PromQL;
using HmsOps.Bench.Rules;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using Microsoft.Extensions.Time.Testing;

var seriesOption = new Option<int>("--series") { Description = "Input series (latency gauges and request counters)", DefaultValueFactory = _ => 10_000 };
var rulesOption = new Option<int>("--rules") { Description = "Alerting rules, in groups of 100", DefaultValueFactory = _ => 1_000 };
var cyclesOption = new Option<int>("--cycles") { Description = "Measured evaluation cycles", DefaultValueFactory = _ => 40 };
var warmupOption = new Option<int>("--warmup") { Description = "Unmeasured cycles first", DefaultValueFactory = _ => 5 };
var targetOption = new Option<double>("--target-ms") { Description = "p95 cycle target", DefaultValueFactory = _ => 1000 };
seriesOption.MustBeAtLeast(20);
rulesOption.MustBeAtLeast(1);
cyclesOption.MustBeAtLeast(1);
warmupOption.MustNotBeNegative();

var root = new RootCommand("Rule evaluation: every group of N alerting rules over M series evaluated once per cycle, in-process")
{
    seriesOption, rulesOption, cyclesOption, warmupOption, targetOption,
};
root.SetAction(result =>
{
    var (seriesWanted, ruleCount, cycles, warmup, target) = (result.GetValue(seriesOption), result.GetValue(rulesOption),
        result.GetValue(cyclesOption), result.GetValue(warmupOption), result.GetValue(targetOption));
    var interval = TimeSpan.FromSeconds(15);
    var data = new RuleBenchData(seriesWanted, ruleCount, seed: 42);
    var metrics = new MetricsOptions { MaxSeries = 1_000_000, Retention = TimeSpan.FromHours(2) };
    var store = new TimeSeriesStore(metrics);
    var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));

    // One hour of history at 15 s, so every rate()[5m] window is full.
    var history = 240;
    for (var step = 0; step < history; step++)
    {
        data.Write(store, time.GetUtcNow().ToUnixTimeMilliseconds(), step);
        time.Advance(interval);
    }
    var inputSeries = store.SeriesCount;
    GC.Collect();
    var heapBeforeRules = GC.GetTotalMemory(forceFullCollection: true);

    var files = data.RuleFiles().Select((text, i) => RuleFileParser.Parse($"rules/bench-{i}.yaml", text, new AlertingRulesOptions())).ToArray();
    if (files.FirstOrDefault(f => !f.IsOk) is { } bad)
    {
        Console.Error.WriteLine($"bench rules: generated rules do not parse: {string.Join("; ", bad.Errors)}");
        return 2;
    }
    var evaluator = new RuleEvaluator(store, metrics, new RuleEvaluationOptions { EvaluationInterval = interval },
        new AlertBook(time, new AlertBookOptions { MaxAlerts = 100_000 }), time);
    evaluator.Load(files);

    var latencies = new Latencies();
    var allocated = new List<long>();
    for (var cycle = 0; cycle < warmup + cycles; cycle++)
    {
        data.Write(store, time.GetUtcNow().ToUnixTimeMilliseconds(), history + cycle);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var watch = Stopwatch.StartNew();
        evaluator.EvaluateDue(CancellationToken.None);
        watch.Stop();
        if (cycle >= warmup)
        {
            latencies.Add(watch.Elapsed);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
        }
        time.Advance(interval);
    }
    var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
    var rulesEvaluated = evaluator.Groups.Sum(g => g.Rules.Count);
    var unhealthy = evaluator.Groups.SelectMany(g => g.Rules).Count(r => r.Health != RuleHealth.Ok);
    var alerts = evaluator.Groups.SelectMany(g => g.Rules).SelectMany(r => r.State.Alerts).ToArray();
    var p95 = latencies.Percentile(0.95);
    string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
    string MiB(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    Console.WriteLine($"# Rule evaluation benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    Console.WriteLine();
    Console.WriteLine($"{rulesEvaluated} alerting rules in {evaluator.Groups.Count} groups over {inputSeries:N0} input series (1 h of 15 s samples); " +
        $"{cycles} cycles after {warmup} warm-up; {alerts.Count(a => a.State == AlertState.Firing):N0} firing and " +
        $"{alerts.Count(a => a.State == AlertState.Pending):N0} pending alerts at the end; {unhealthy} unhealthy rules.");
    Console.WriteLine();
    Console.WriteLine("| cycle p50 | cycle p95 | cycle max | allocated per cycle | heap: data only | heap: data + evaluator | peak working set |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {Ms(latencies.P50)} | {Ms(p95)} | {Ms(latencies.Percentile(1))} | {MiB(allocated.Order().ElementAt(allocated.Count / 2))} | " +
        $"{MiB(heapBeforeRules)} | {MiB(heapAfter)} | {MiB(Process.GetCurrentProcess().PeakWorkingSet64)} |");
    Console.WriteLine();
    var met = p95 <= target && unhealthy == 0;
    Console.WriteLine($"Target p95 <= {Ms(target)} per cycle: **{(met ? "met" : "missed")}**");
    return met ? 0 : 3;
});
return root.Parse(args).Invoke();
