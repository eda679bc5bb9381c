using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HmsOps.Bench.Ingest;
using HmsOps.Bench.PromQL;
using HmsOps.Bench.Traces;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;

var sizesOption = new Option<long[]>("--spans")
{
    Description = "Stored span counts to measure at, ascending (each size grows the same database)",
    DefaultValueFactory = _ => [1_000_000, 10_000_000],
    AllowMultipleArgumentsPerToken = true,
};
var lookupsOption = new Option<int>("--lookups") { Description = "Measured trace-by-id lookups per size", DefaultValueFactory = _ => 2_000 };
var batchOption = new Option<int>("--batch") { Description = "Spans per SqliteTelemetryStore.Write transaction", DefaultValueFactory = _ => 50_000 };
var targetOption = new Option<double>("--target-ms") { Description = "p99 target at the largest size", DefaultValueFactory = _ => 20 };
var idsOption = new Option<string>("--ids")
{
    Description = "random: trace ids in random order, as live ingest writes them; ascending: the same spread of ids bulk-loaded in order (fast to build)",
    DefaultValueFactory = _ => "ascending",
};
idsOption.AcceptOnlyFromAmong("random", "ascending");
var dirOption = new Option<string?>("--dir") { Description = "Folder for telemetry.db (default: a temp folder, deleted afterwards)" };
var reuseOption = new Option<bool>("--reuse")
{
    Description = "With --dir: keep the spans a previous run with the same options wrote there (the ids are generated again, not written)",
};
lookupsOption.MustBeAtLeast(10);
batchOption.MustBeAtLeast(100);

var root = new RootCommand("Trace by id: p50/p99 of SqliteTelemetryStore.GetTrace (the hot path of GET /api/traces/{id}) at growing span counts")
{
    sizesOption, lookupsOption, batchOption, targetOption, idsOption, dirOption, reuseOption,
};
root.SetAction(result =>
{
    var sizes = result.GetValue(sizesOption)!.Order().ToArray();
    var (lookups, batchSize, target) = (result.GetValue(lookupsOption), result.GetValue(batchOption), result.GetValue(targetOption));
    var ownDir = result.GetValue(dirOption) is null;
    var dir = result.GetValue(dirOption) ?? Directory.CreateTempSubdirectory("hmsops-bench-traces-").FullName;
    var dbPath = Path.Combine(dir, "telemetry.db");
    var reuse = result.GetValue(reuseOption) && !ownDir && File.Exists(dbPath);
    try
    {
        Console.WriteLine("# Trace by id (bench/traces)");
        Console.WriteLine();
        Console.WriteLine($"Machine: {MachineInfo.Describe()}");
        Console.WriteLine($"Lookups per size: {lookups} random stored traces after {lookups / 10} warm-up lookups; batches of {batchSize} spans; " +
            $"trace ids written in {result.GetValue(idsOption)} order.");
        Console.WriteLine();
        Console.WriteLine("| stored spans | traces | DB size | write spans/s | p50 by id | p99 by id | p50 unknown id | mean spans/trace |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var generator = new SpanGenerator(42, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), sizes[^1], result.GetValue(idsOption) == "ascending");
        var sample = new List<string>();
        var random = new Random(7);
        long stored = 0, traces = 0, sequence = 0;
        var writeTime = TimeSpan.Zero;
        double lastP99 = 0;
        var searches = new List<(long Spans, IReadOnlyList<(string Name, Latencies Summary, Latencies Aggregate)> Times)>();
        foreach (var size in sizes)
        {
            using (var store = new SqliteTelemetryStore(dbPath))
            {
                var batch = new List<SpanEvent>(batchSize + 32);
                while (stored < size)
                {
                    batch.Clear();
                    while (batch.Count < batchSize)
                    {
                        var id = generator.NextTrace(batch);
                        traces++;
                        // A reservoir of ids, so lookups hit old and new traces alike.
                        if (sample.Count < 100_000)
                        {
                            sample.Add(id);
                        }
                        else if (random.NextInt64(traces) < sample.Count)
                        {
                            sample[random.Next(sample.Count)] = id;
                        }
                    }
                    var watch = Stopwatch.StartNew();
                    if (!reuse)
                    {
                        store.Write(++sequence, [], batch);
                    }
                    writeTime += watch.Elapsed;
                    stored += batch.Count;
                }
            }
            // A fresh store, as after a restart: lookups do not ride on the writer's cache.
            using var reader = new SqliteTelemetryStore(dbPath);
            var byId = new Latencies();
            var unknown = new Latencies();
            long spansRead = 0;
            for (var i = -lookups / 10; i < lookups; i++)
            {
                var id = sample[random.Next(sample.Count)];
                var watch = Stopwatch.StartNew();
                var spans = reader.GetTrace(id);
                var elapsed = watch.Elapsed;
                if (spans.Count == 0)
                {
                    throw new InvalidOperationException($"trace {id} was written but not found");
                }
                if (i >= 0)
                {
                    byId.Add(elapsed);
                    spansRead += spans.Count;
                    watch.Restart();
                    reader.GetTrace(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + "0000000000000000");
                    unknown.Add(watch.Elapsed);
                }
            }
            var search = TraceSearchTimes.Measure(dbPath, dir, lookups / 10);
            searches.Add((stored, search));
            var dbBytes = new FileInfo(dbPath).Length + (File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0);
            lastP99 = byId.P99;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {stored:N0} | {traces:N0} | {dbBytes / 1024.0 / 1024 / 1024:0.00} GiB | {(reuse ? "(reused)" : (stored / writeTime.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture))} | {byId.P50:0.00} ms | {byId.P99:0.00} ms | {unknown.P50:0.00} ms | {spansRead / (double)byId.Count:0.0} |"));
        }
        Console.WriteLine();
        Console.WriteLine("Trace search (newest 100), through the per-trace summary table vs. aggregating the spans table (the first reader's query):");
        Console.WriteLine();
        Console.WriteLine("| stored spans | search | p50 summary table | p99 summary table | p50 aggregate spans |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var (spans, times) in searches)
        {
            foreach (var (name, summary, aggregate) in times)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {spans:N0} | {name} | {summary.P50:0.00} ms | {summary.P99:0.00} ms | {aggregate.P50:0.00} ms |"));
            }
        }
        Console.WriteLine();
        var met = lastP99 <= target;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Target p99 ≤ {target} ms at {sizes[^1]:N0} spans: **{(met ? "met" : "missed")}** ({lastP99:0.00} ms)."));
        return met ? 0 : 3;
    }
    finally
    {
        if (ownDir)
        {
            Directory.Delete(dir, recursive: true);
        }
    }
});
return root.Parse(args).Invoke();
