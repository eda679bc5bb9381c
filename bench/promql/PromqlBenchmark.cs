using System.Diagnostics;
using System.Globalization;
using HmsOps.Bench.Ingest;
using HmsOps.Core.Metrics;

namespace HmsOps.Bench.PromQL;

public sealed record PromqlBenchOptions
{
    public required int[] Sizes { get; init; }
    public required TimeSpan Span { get; init; }
    public required int Iterations { get; init; }
    public required int Warmup { get; init; }
    public required string Prometheus { get; init; }
    public required string Promtool { get; init; }

    /// <summary>The console build to time over HTTP as well; null to skip it.</summary>
    public string? ConsoleDll { get; init; }
}

/// <summary>One row of the report: one query, instant or range, on one data size; latencies and result sizes per target.</summary>
public sealed record QueryFigures(int Series, string Query, string Mode, IReadOnlyList<(string Target, Latencies Latencies, int ResultSeries)> Targets)
{
    public Latencies Embedded => Targets[0].Latencies;

    public Latencies Prometheus => Targets[1].Latencies;

    public double Ratio => Embedded.P50 / Prometheus.P50;
}

/// <summary>
/// For each size: builds the data set, loads it into a <see cref="TimeSeriesStore"/>, into a real Prometheus (as
/// OpenMetrics through promtool) and, when built with the API, into a console (as its metrics snapshot); then times
/// the radar queries on each, the targets taking turns, after a warm-up.
/// </summary>
public static class PromqlBenchmark
{
    public static async Task<int> RunAsync(PromqlBenchOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine("# PromQL benchmark: embedded engine vs Prometheus");
        Console.WriteLine();
        Console.WriteLine($"- {MachineInfo.Describe()}");
        Console.WriteLine($"- Prometheus: {Version(options.Prometheus)}");
        Console.WriteLine($"- data: {options.Span.TotalHours:0.#} h at 15 s; instant queries at the last sample, range queries over the last 1 h at step 15 s");
        Console.WriteLine($"- {options.Warmup} warm-up + {options.Iterations} measured runs per query and target, the targets taking turns");
        var rows = new List<QueryFigures>();
        foreach (var size in options.Sizes)
        {
            rows.AddRange(await RunSizeAsync(size, options, cancellationToken));
        }
        var targetNames = rows[0].Targets.Select(t => t.Target).ToArray();
        var consoleColumns = targetNames.Length > 2;
        Console.WriteLine();
        Console.WriteLine("| series | query | kind | embedded p50 | embedded p99 | Prometheus p50 | Prometheus p99 | p50 ratio embedded / Prometheus |"
            + (consoleColumns ? " console HTTP p50 | console HTTP p99 |" : "") + " result series |");
        Console.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|" + (consoleColumns ? "---:|---:|" : "") + "---|");
        foreach (var row in rows)
        {
            var console = consoleColumns && row.Targets.Count > 2
                ? $" {Ms(row.Targets[2].Latencies.P50)} | {Ms(row.Targets[2].Latencies.P99)} |"
                : consoleColumns ? " n/a | n/a |" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Series:N0} | {row.Query} | {row.Mode} | {Ms(row.Embedded.P50)} | {Ms(row.Embedded.P99)} | {Ms(row.Prometheus.P50)} | {Ms(row.Prometheus.P99)} | {row.Ratio:0.00} |{console} {string.Join(" / ", row.Targets.Select(t => t.ResultSeries))} |"));
        }
        var missed = rows.Where(r => r.Ratio > 1).ToArray();
        var mismatched = rows.Where(r => r.Targets.Select(t => t.ResultSeries).Distinct().Count() > 1).ToArray();
        Console.WriteLine();
        Console.WriteLine($"Result series are given as {string.Join(" / ", targetNames)}.");
        Console.WriteLine(missed.Length == 0
            ? "Target embedded p50 ≤ Prometheus p50: **met** for every query."
            : $"Target embedded p50 ≤ Prometheus p50: **missed** for {string.Join(", ", missed.Select(r => $"{r.Query} {r.Mode} at {r.Series:N0} series"))}.");
        if (mismatched.Length > 0)
        {
            Console.WriteLine($"Warning: targets returned different numbers of series for {string.Join(", ", mismatched.Select(r => $"{r.Query} {r.Mode} at {r.Series:N0}"))}.");
        }
        return missed.Length == 0 ? 0 : 3;
    }

    private static async Task<List<QueryFigures>> RunSizeAsync(int size, PromqlBenchOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        var endMs = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
        var data = RadarDataSet.Generate(size, options.Span, endMs);
        var metrics = new MetricsOptions { MaxSeries = data.Series.Count + 1, Retention = options.Span + TimeSpan.FromDays(1) };
        var store = new TimeSeriesStore(metrics);
        var started = Stopwatch.GetTimestamp();
        data.LoadInto(store);
        var load = Stopwatch.GetElapsedTime(started);

        var directory = Path.Combine(Path.GetTempPath(), "hmsops-bench-promql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "data.om.txt");
            started = Stopwatch.GetTimestamp();
            OpenMetricsFile.Write(data, file);
            var write = Stopwatch.GetElapsedTime(started);
            var (prometheus, backfill) = await PrometheusServer.StartAsync(options.Prometheus, options.Promtool, file, directory, cancellationToken);
            await using (prometheus)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"- {data.Series.Count:N0} series, {data.SampleCount:N0} samples: store load {load.TotalSeconds:0.0} s; OpenMetrics {new FileInfo(file).Length / 1048576.0:0} MiB written in {write.TotalSeconds:0.0} s; promtool backfill {backfill.TotalSeconds:0.0} s"));
                File.Delete(file);
                using var remote = new HttpTarget("Prometheus", prometheus.BaseUrl);
                await CheckLoadedAsync(remote, data, cancellationToken);
                var console = options.ConsoleDll is null ? null : await ConsoleServer.TryStartAsync(options.ConsoleDll, store, data.Series.Count, cancellationToken);
                await using (console)
                {
                    using var consoleApi = console is null ? null : new HttpTarget("console HTTP", console.BaseUrl);
                    IQueryTarget[] targets = consoleApi is null
                        ? [new EmbeddedTarget(store, metrics), remote]
                        : [new EmbeddedTarget(store, metrics), remote, consoleApi];
                    var rows = new List<QueryFigures>();
                    foreach (var (name, expr) in RadarQueries.All)
                    {
                        rows.Add(await MeasureAsync(data, name, "instant", targets, options,
                            (t, ct) => t.InstantAsync(expr, data.EndMs, ct), cancellationToken));
                        rows.Add(await MeasureAsync(data, name, "range 1h", targets, options,
                            (t, ct) => t.RangeAsync(expr, data.EndMs - 3_600_000, data.EndMs, RadarDataSet.StepMs, ct), cancellationToken));
                    }
                    return rows;
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CheckLoadedAsync(HttpTarget prometheus, RadarDataSet data, CancellationToken cancellationToken)
    {
        await prometheus.InstantAsync("count({__name__=~\"hms_.*\"})", data.EndMs, cancellationToken);
        using var document = System.Text.Json.JsonDocument.Parse(prometheus.LastBody!);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        var loaded = result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        if (loaded != data.Series.Count)
        {
            throw new InvalidOperationException($"Prometheus holds {loaded} series at the last timestamp, expected {data.Series.Count}");
        }
    }

    private static async Task<QueryFigures> MeasureAsync(
        RadarDataSet data, string name, string mode, IQueryTarget[] targets, PromqlBenchOptions options,
        Func<IQueryTarget, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var latencies = targets.Select(_ => new Latencies()).ToArray();
        var counts = new int[targets.Length];
        for (var i = 0; i < options.Warmup + options.Iterations; i++)
        {
            for (var t = 0; t < targets.Length; t++)
            {
                var started = Stopwatch.GetTimestamp();
                counts[t] = await run(targets[t], cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (i >= options.Warmup)
                {
                    latencies[t].Add(elapsed);
                }
            }
        }
        for (var t = 0; t < targets.Length; t++)
        {
            if (targets[t] is HttpTarget http)
            {
                counts[t] = http.CountLast(); // outside the timed section
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- {data.Series.Count:N0} series, {name} {mode}: {string.Join(", ", targets.Select((t, i) => $"{t.Name} p50 {Ms(latencies[i].P50)}"))}"));
        return new QueryFigures(data.Series.Count, name, mode, [.. targets.Select((t, i) => (t.Name, latencies[i], counts[i]))]);
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Version(string prometheus)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(prometheus, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            var text = process!.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return text.Split('\n').FirstOrDefault()?.Trim() ?? "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
